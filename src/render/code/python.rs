//! Python source literals: every value that reaches generated Python goes
//! through here, so a spec string can only ever become data.

use serde_json::Value;

/// A double-quoted Python string literal holding exactly `text`. Everything
/// outside printable ASCII is escaped, so the literal is ASCII and cannot end
/// early, start a comment, or break the line it sits on.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A Python literal for a JSON value.
pub fn literal(value: &Value) -> String {
    match value {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.to_string()
            } else if let Some(u) = n.as_u64() {
                u.to_string()
            } else {
                float(n.as_f64().unwrap_or(0.0))
            }
        }
        Value::String(s) => string(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(literal).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", string(k), literal(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// A Python float literal; non-finite values become `float("inf")` and so on.
pub fn float(x: f64) -> String {
    if x.is_nan() {
        "float(\"nan\")".to_string()
    } else if x.is_infinite() {
        if x > 0.0 {
            "float(\"inf\")".to_string()
        } else {
            "-float(\"inf\")".to_string()
        }
    } else {
        // Rust's shortest round-trip form ("0.0003", "1e-5", "500000.0")
        // is valid Python once it has a decimal point or an exponent.
        let text = format!("{x:?}");
        if text.contains(['.', 'e', 'E']) {
            text
        } else {
            format!("{text}.0")
        }
    }
}

/// Whether `name` may be used as a Python identifier in generated code.
pub fn is_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ];
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

/// The Python type annotation for a JSON value.
pub fn annotation(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
        Value::Null => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_escape_everything_that_could_become_code() {
        assert_eq!(string("plain"), "\"plain\"");
        assert_eq!(string("a\"b"), "\"a\\\"b\"");
        assert_eq!(string("\"\"\""), "\"\\\"\\\"\\\"\"");
        assert_eq!(string("back\\slash"), "\"back\\\\slash\"");
        assert_eq!(string("line\nbreak"), "\"line\\nbreak\"");
        assert_eq!(string("é"), "\"\\xe9\"");
        assert_eq!(string("中"), "\"\\u4e2d\"");
        assert_eq!(string("🙂"), "\"\\U0001f642\"");
        assert_eq!(string("\u{2028}"), "\"\\u2028\"");
        let hostile = "\"); __import__('os').system('x') #";
        let lit = string(hostile);
        assert!(lit.starts_with('"') && lit.ends_with('"'));
        // The only unescaped quotes are the two delimiters.
        let inner = &lit[1..lit.len() - 1];
        assert!(!inner.replace("\\\"", "").contains('"'));
    }

    #[test]
    fn literals_follow_python_syntax() {
        assert_eq!(literal(&json!(null)), "None");
        assert_eq!(literal(&json!(true)), "True");
        assert_eq!(literal(&json!(3)), "3");
        assert_eq!(literal(&json!(0.0003)), "0.0003");
        assert_eq!(literal(&json!(1e-5)), "1e-5");
        assert_eq!(literal(&json!(500000.0)), "500000.0");
        assert_eq!(literal(&json!([1, "a"])), "[1, \"a\"]");
        assert_eq!(literal(&json!({"k": false})), "{\"k\": False}");
        assert_eq!(float(f64::INFINITY), "float(\"inf\")");
    }

    #[test]
    fn identifiers_exclude_keywords_and_symbols() {
        assert!(is_identifier("hidden_size"));
        assert!(!is_identifier("class"));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("a-b"));
        assert!(!is_identifier(""));
    }
}
