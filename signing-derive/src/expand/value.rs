//! How one field's value is written: the `MessageValue` wrapper the runtime gets for it
//! (`Str`, `Int`, `Text`, `Formatted`, `Digest`, `With`, `Bytes`), and the type check behind
//! `#[signed(timestamp)]`.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::ast::Field;

/// Tokens that run `stmt` on the field's value: `&self.f`, or `__v` inside
/// `if let Some(__v) = &self.f` for an `Option`.
pub(super) fn on_value(
    field: &Field,
    stmt: impl FnOnce(TokenStream) -> TokenStream,
) -> TokenStream {
    let ident = field.ident;
    if field.header_values().is_some() {
        // A header field of several values: each one in turn.
        let stmt = stmt(quote!(__v));
        quote! {
            for __v in self.#ident.iter() {
                #stmt
            }
        }
    } else if field.option.is_some() {
        let stmt = stmt(quote!(__v));
        quote! {
            if let ::core::option::Option::Some(__v) = &self.#ident {
                #stmt
            }
        }
    } else {
        stmt(quote!(&self.#ident))
    }
}

/// The value wrapper for a field (`Text`, `Formatted`, `Digest`, `With`, `Bytes`).
pub(super) fn value(field: &Field, access: &TokenStream) -> TokenStream {
    let ty = field.value_ty();
    let a = &field.attrs;
    if let Some(format) = &a.timestamp {
        let format = format.value;
        // A field that is not a `Timestamp` fails this trait bound, reported at its type.
        let span = ty.span().resolved_at(Span::call_site());
        let get = quote_spanned!(span=> <#ty as __SigningTimestamp>::__get);
        quote!(::signing::__private::Formatted(#get(#access), #format))
    } else if let Some(digest) = &a.digest {
        let algorithm = digest.value;
        let encoding = field.digest_encoding();
        quote!(::signing::__private::Digest(#access, #algorithm, #encoding))
    } else if let Some(with) = &a.with {
        let with = &with.value;
        quote!(::signing::__private::With::<#ty>(#access, #with))
    } else if a.body.is_some() {
        quote!(::signing::__private::Bytes(#access))
    } else {
        match plain_kind(ty) {
            Some(Plain::Str) => quote!(::signing::__private::Str(#access)),
            Some(Plain::Int) => quote!(::signing::__private::Int(#access)),
            Some(Plain::Float) => quote!(::signing::__private::Float(#access)),
            None => quote!(::signing::__private::Text(#access)),
        }
    }
}

/// A plain field whose value can skip `core::fmt`, told from its type as written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Plain {
    /// `str`, `String`, `Cow<str>`, or a reference to one: written with `Str` (`AsRef<str>`).
    Str,
    /// A primitive integer: written with `Int` (formatted on the stack).
    Int,
    /// `f32` or `f64`: written with `Float` (laid out on the stack as `Display` does).
    Float,
}

const INTEGERS: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
];

/// The syntactic check behind [`Plain`]; anything else (and any doubt) is `Text`, through
/// `Display`. Paths must be bare (`String`, `u64`) or the standard ones (`std::string::String`,
/// `core::primitive::u64`), so a user type that happens to be called `String` elsewhere is not
/// taken for the standard one.
fn plain_kind(ty: &syn::Type) -> Option<Plain> {
    match ty {
        syn::Type::Group(group) => plain_kind(&group.elem),
        syn::Type::Paren(paren) => plain_kind(&paren.elem),
        // `&str`, `&'a str`, `&String`: a reference to something `AsRef<str>` is one too.
        syn::Type::Reference(reference) => {
            (plain_kind(&reference.elem) == Some(Plain::Str)).then_some(Plain::Str)
        }
        syn::Type::Path(path) if path.qself.is_none() => {
            let segments = &path.path.segments;
            let last = segments.last()?;
            let prefix: Vec<String> = segments
                .iter()
                .take(segments.len() - 1)
                .map(|s| s.ident.to_string())
                .collect();
            let prefix: Vec<&str> = prefix.iter().map(String::as_str).collect();
            let name = last.ident.to_string();
            let std_path = |module: &str| {
                prefix.is_empty()
                    || (prefix.len() == 2
                        && matches!(prefix[0], "std" | "core" | "alloc")
                        && prefix[1] == module)
            };
            match &last.arguments {
                syn::PathArguments::None => match name.as_str() {
                    "String" if std_path("string") => Some(Plain::Str),
                    "str" if std_path("primitive") => Some(Plain::Str),
                    n if INTEGERS.contains(&n) && std_path("primitive") => Some(Plain::Int),
                    "f32" | "f64" if std_path("primitive") => Some(Plain::Float),
                    _ => None,
                },
                // `Cow<str>`, `Cow<'a, str>`.
                syn::PathArguments::AngleBracketed(args) if name == "Cow" && std_path("borrow") => {
                    let mut types = args.args.iter().filter_map(|arg| match arg {
                        syn::GenericArgument::Type(ty) => Some(ty),
                        _ => None,
                    });
                    match (types.next(), types.next()) {
                        (Some(syn::Type::Path(inner)), None)
                            if inner.qself.is_none() && inner.path.is_ident("str") =>
                        {
                            Some(Plain::Str)
                        }
                        _ => None,
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The trait behind `#[signed(timestamp)]`'s type check, when `fields` use it. It is defined in
/// the `const _` block around the impls, where no user item can clash with it.
pub(super) fn timestamp_guard<'a>(mut fields: impl Iterator<Item = &'a Field<'a>>) -> TokenStream {
    if !fields.any(|f| f.attrs.timestamp.is_some()) {
        return TokenStream::new();
    }
    quote! {
        #[diagnostic::on_unimplemented(
            message = "#[signed(timestamp = \"..\")] needs a field of type `signing::Timestamp`, not `{Self}`",
            label = "not a `signing::Timestamp`",
            note = "set it with `Timestamp::now()` or `Timestamp::from_unix_millis(..)`, or drop `timestamp` to write the value as it is"
        )]
        trait __SigningTimestamp {
            fn __get(&self) -> &::signing::__private::Timestamp;
        }
        #[diagnostic::do_not_recommend]
        impl __SigningTimestamp for ::signing::__private::Timestamp {
            #[inline]
            fn __get(&self) -> &::signing::__private::Timestamp {
                self
            }
        }
    }
}

#[cfg(test)]
mod plain_tests {
    use super::{plain_kind, Plain};

    fn kind(ty: &str) -> Option<Plain> {
        plain_kind(&syn::parse_str(ty).unwrap())
    }

    #[test]
    fn strings_and_integers_skip_fmt() {
        for ty in [
            "&str",
            "&'a str",
            "&'a mut str",
            "String",
            "std::string::String",
            "::alloc::string::String",
            "&String",
            "Cow<str>",
            "Cow<'a, str>",
            "std::borrow::Cow<'static, str>",
            "str",
        ] {
            assert_eq!(kind(ty), Some(Plain::Str), "{ty}");
        }
        for ty in ["u8", "u64", "i128", "usize", "core::primitive::u32"] {
            assert_eq!(kind(ty), Some(Plain::Int), "{ty}");
        }
        for ty in ["f64", "f32", "core::primitive::f64"] {
            assert_eq!(kind(ty), Some(Plain::Float), "{ty}");
        }
        for ty in [
            "&u32",
            "&f64",
            "bool",
            "char",
            "my::String",
            "Cow<[u8]>",
            "Cow<'a, String>",
            "Vec<u8>",
            "uuid::Uuid",
            "T",
            "Box<str>",
            "<T as Tr>::String",
        ] {
            assert_eq!(kind(ty), None, "{ty}");
        }
    }
}
