//! `application/x-www-form-urlencoded` bodies, as the OAuth endpoints receive them.

/// Decodes a form body into name/value pairs; `None` when it is not valid form encoding.
pub(crate) fn parse(body: &[u8]) -> Option<Vec<(String, String)>> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(name)?, decode(value)?))
        })
        .collect()
}

/// The first value of a field.
pub(crate) fn get<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plus_and_percent() {
        let f = parse(b"scope=openid+name&login_hint=urn%3Amsisdn%3A4791234567&x=").unwrap();
        assert_eq!(get(&f, "scope"), Some("openid name"));
        assert_eq!(get(&f, "login_hint"), Some("urn:msisdn:4791234567"));
        assert_eq!(get(&f, "x"), Some(""));
        assert!(parse(b"a=%zz").is_none());
        assert!(parse(b"a=%4").is_none());
    }
}
