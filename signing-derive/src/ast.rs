//! The derive input as typed structs borrowing from the syntax tree (thiserror's `ast.rs`).

use syn::ext::IdentExt as _;
use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, PathArguments, Type};

use crate::attr;
use crate::ctxt::Ctxt;
use crate::model::Family;

/// A struct with named fields and its attributes.
pub(crate) struct Input<'a> {
    pub(crate) original: &'a DeriveInput,
    pub(crate) attrs: attr::Container,
    /// `None` when the struct gives both `mac` and `jwt`, or neither (reported by `valid.rs`).
    pub(crate) family: Option<Family>,
    pub(crate) fields: Vec<Field<'a>>,
}

/// A named field and its attributes.
pub(crate) struct Field<'a> {
    pub(crate) original: &'a syn::Field,
    pub(crate) attrs: attr::Field,
    pub(crate) ident: &'a Ident,
    /// The field's name without `r#`: what templates and errors call it.
    pub(crate) name: String,
    pub(crate) ty: &'a Type,
    /// `T` when the type is spelled `Option<T>`.
    pub(crate) option: Option<&'a Type>,
    /// `T` when the type is spelled `Vec<T>`, `&[T]` or `[T; N]`: a header field of several
    /// values (see `Field::header_values`).
    pub(crate) sequence: Option<&'a Type>,
}

impl<'a> Input<'a> {
    /// Reads `node`; shapes other than a struct with named fields are reported.
    pub(crate) fn from_syn(cx: &Ctxt, node: &'a DeriveInput) -> Option<Input<'a>> {
        const SHAPE: &str = "#[derive(SignedRequest)] needs a struct with named fields, \
                             one per value of the message";
        let named = match &node.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(fields) => {
                    cx.error_spanned_by(fields, format_args!("{SHAPE}; tuple structs have none"));
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &node.ident,
                        format_args!("{SHAPE}; a unit struct has none"),
                    );
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error_at(data.enum_token.span, format_args!("{SHAPE}, not an enum"));
                return None;
            }
            Data::Union(data) => {
                cx.error_at(data.union_token.span, format_args!("{SHAPE}, not a union"));
                return None;
            }
        };
        let attrs = attr::Container::from_ast(cx, &node.attrs);
        let fields = named
            .named
            .iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                Some(Field {
                    original: field,
                    attrs: attr::Field::from_ast(cx, &field.attrs),
                    ident,
                    name: ident.unraw().to_string(),
                    ty: &field.ty,
                    option: option_inner(&field.ty),
                    sequence: sequence_inner(&field.ty),
                })
            })
            .collect();
        Some(Input {
            original: node,
            family: Family::of(&attrs),
            attrs,
            fields,
        })
    }
}

/// `Some(T)` for `Option<T>`, `std::option::Option<T>`, `core::option::Option<T>` (with or
/// without a leading `::`).
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    std_generic(path, "option", "Option", &["std", "core"])
}

/// `Some(T)` for `Vec<T>` (bare or `std::vec::` / `alloc::vec::`), `&[T]` (any lifetime) and
/// `[T; N]`.
fn sequence_inner(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Group(group) => sequence_inner(&group.elem),
        Type::Paren(paren) => sequence_inner(&paren.elem),
        Type::Reference(reference) => match &*reference.elem {
            Type::Slice(slice) => Some(&slice.elem),
            _ => None,
        },
        Type::Array(array) => Some(&array.elem),
        Type::Path(path) => std_generic(path, "vec", "Vec", &["std", "alloc"]),
        _ => None,
    }
}

/// `Some(T)` for the standard type `name<T>` spelled bare (no leading `::`) or in full
/// (`std::option::Option<T>`, with or without a leading `::`, from one of `crates`).
fn std_generic<'a>(
    path: &'a syn::TypePath,
    module: &str,
    name: &str,
    crates: &[&str],
) -> Option<&'a Type> {
    if path.qself.is_some() {
        return None;
    }
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let spelled = segments.iter().map(String::as_str).collect::<Vec<_>>();
    let is_it = match spelled.as_slice() {
        [bare] => *bare == name && path.path.leading_colon.is_none(),
        [krate, m, n] => crates.contains(krate) && *m == module && *n == name,
        _ => false,
    };
    if !is_it {
        return None;
    }
    let last = path.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{option_inner, sequence_inner};

    #[test]
    fn sequences_are_detected_syntactically() {
        let yes: [Type; 5] = [
            parse_quote!(Vec<&'a str>),
            parse_quote!(std::vec::Vec<String>),
            parse_quote!(&'a [&'a str]),
            parse_quote!(&[String]),
            parse_quote!([&'static str; 3]),
        ];
        for ty in &yes {
            assert!(sequence_inner(ty).is_some());
        }
        let no: [Type; 4] = [
            parse_quote!(Option<Vec<u8>>),
            parse_quote!(my::Vec<u8>),
            parse_quote!(&str),
            parse_quote!(String),
        ];
        for ty in &no {
            assert!(sequence_inner(ty).is_none());
        }
    }
    use syn::{parse_quote, Type};

    #[test]
    fn option_is_detected_syntactically() {
        let yes: [Type; 4] = [
            parse_quote!(Option<u8>),
            parse_quote!(std::option::Option<&'a str>),
            parse_quote!(::core::option::Option<Timestamp>),
            parse_quote!(core::option::Option<u8>),
        ];
        for ty in &yes {
            assert!(option_inner(ty).is_some());
        }
        let no: [Type; 3] = [
            parse_quote!(Vec<u8>),
            parse_quote!(my::Option<u8>),
            parse_quote!(Option),
        ];
        for ty in &no {
            assert!(option_inner(ty).is_none());
        }
    }
}
