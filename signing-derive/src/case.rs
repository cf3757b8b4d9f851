//! `rename_all`: serde's case conversions of snake_case field names (serde_derive's
//! `internals/case.rs`, same spellings). The rule is applied here, in the derive: the runtime
//! only sees the resulting names.

use crate::model::vocabulary;

vocabulary! {
    /// `rename_all = ".."` (serde's names for the variants).
    #[allow(clippy::enum_variant_names)]
    enum RenameRule {
        "lowercase" => LowerCase,
        "UPPERCASE" => UpperCase,
        "PascalCase" => PascalCase,
        "camelCase" => CamelCase,
        "snake_case" => SnakeCase,
        "SCREAMING_SNAKE_CASE" => ScreamingSnakeCase,
        "kebab-case" => KebabCase,
        "SCREAMING-KEBAB-CASE" => ScreamingKebabCase,
    }
}

impl RenameRule {
    /// The rule applied to a (snake_case) field name.
    pub(crate) fn apply(self, field: &str) -> String {
        match self {
            RenameRule::UpperCase | RenameRule::ScreamingSnakeCase => field.to_ascii_uppercase(),
            RenameRule::PascalCase => pascal(field),
            RenameRule::CamelCase => {
                let pascal = pascal(field);
                let mut chars = pascal.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => pascal,
                }
            }
            RenameRule::KebabCase => field.replace('_', "-"),
            RenameRule::ScreamingKebabCase => field.to_ascii_uppercase().replace('_', "-"),
            // Field names already are.
            RenameRule::LowerCase | RenameRule::SnakeCase => field.to_owned(),
        }
    }
}

fn pascal(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut capitalize = true;
    for c in field.chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            out.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RenameRule;
    use crate::model::{from_spelling, Vocabulary as _};

    #[test]
    fn serde_rules() {
        let cases = [
            ("lowercase", "time_in_force"),
            ("UPPERCASE", "TIME_IN_FORCE"),
            ("PascalCase", "TimeInForce"),
            ("camelCase", "timeInForce"),
            ("snake_case", "time_in_force"),
            ("SCREAMING_SNAKE_CASE", "TIME_IN_FORCE"),
            ("kebab-case", "time-in-force"),
            ("SCREAMING-KEBAB-CASE", "TIME-IN-FORCE"),
        ];
        assert_eq!(cases.len(), RenameRule::TABLE.len());
        for (rule, expected) in cases {
            let rule = from_spelling::<RenameRule>(rule).unwrap();
            assert_eq!(rule.apply("time_in_force"), expected, "{rule:?}");
        }
        assert_eq!(RenameRule::CamelCase.apply("type"), "type");
    }
}
