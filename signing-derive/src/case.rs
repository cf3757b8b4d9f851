//! `rename_all`: serde's case conversions of snake_case field names.

/// Applies the `rename_all` rule named `rule` (one of `attr::RENAME_RULES`) to a field name.
pub(crate) fn apply(rule: &str, field: &str) -> String {
    match rule {
        "UPPERCASE" | "SCREAMING_SNAKE_CASE" => field.to_ascii_uppercase(),
        "PascalCase" => pascal(field),
        "camelCase" => {
            let pascal = pascal(field);
            let mut chars = pascal.chars();
            match chars.next() {
                Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                None => pascal,
            }
        }
        "kebab-case" => field.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => field.to_ascii_uppercase().replace('_', "-"),
        // "lowercase" and "snake_case": field names already are.
        _ => field.to_owned(),
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
    use super::apply;

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
        for (rule, expected) in cases {
            assert_eq!(apply(rule, "time_in_force"), expected, "{rule}");
        }
        assert_eq!(apply("camelCase", "type"), "type");
    }
}
