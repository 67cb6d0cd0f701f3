//! Phone numbers as rosters write them: an 11-digit mobile number, or a landline with area code.

use crate::error::DomainError;

/// Normalise a phone number: spaces and dashes in a mobile number are dropped; a landline keeps one dash
/// after the area code. Several numbers separated by `/`, `、`, `,` or `；` are each checked.
pub fn normalize_phone(text: &str) -> Result<String, DomainError> {
    let parts: Vec<&str> = text
        .split(['/', '、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(DomainError::Phone { value: text.to_string() });
    }
    let mut out = Vec::with_capacity(parts.len());
    for p in parts {
        out.push(normalize_one(p).ok_or_else(|| DomainError::Phone { value: text.to_string() })?);
    }
    Ok(out.join("/"))
}

fn normalize_one(p: &str) -> Option<String> {
    let p = p.strip_prefix("+86").unwrap_or(p).trim();
    let digits: String = p.chars().filter(|c| c.is_ascii_digit()).collect();
    if p.chars().any(|c| !(c.is_ascii_digit() || c == '-' || c == ' ' || c == '(' || c == ')')) {
        return None;
    }
    let b = digits.as_bytes();
    if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        return Some(digits);
    }
    if b.first() == Some(&b'0') && (10..=12).contains(&b.len()) {
        // Area codes are 3 digits for the big cities (010, 02x) and 4 elsewhere (0739 for Shaoyang).
        let area = if b[1] == b'1' || b[1] == b'2' { 3 } else { 4 };
        let (a, n) = digits.split_at(area);
        if (7..=8).contains(&n.len()) {
            return Some(format!("{a}-{n}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        let cases = [
            ("13812345678", "13812345678"),
            ("138 1234 5678", "13812345678"),
            ("+86 138-1234-5678", "13812345678"),
            ("0739-7621234", "0739-7621234"),
            ("07397621234", "0739-7621234"),
            ("13812345678/0739-7621234", "13812345678/0739-7621234"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_phone(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn rejected_forms() {
        for bad in ["1381234567", "23812345678", "12812345678", "电话", "0739-12", ""] {
            let err = normalize_phone(bad).expect_err(bad);
            assert_eq!(err.code(), "phone.bad", "{bad}");
        }
    }
}
