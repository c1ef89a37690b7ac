//! A small checker for JSON request bodies: objects with allowed keys, typed fields, enums and
//! lengths. Every failure is recorded with its dotted field path for a 400 response.

use serde_json::{Map, Value};

/// `(field path, reason)` pairs for a 400 response.
pub(crate) type FieldErrors = Vec<(String, String)>;

pub(crate) struct Check {
    pub errors: FieldErrors,
}

impl Check {
    pub fn new() -> Check {
        Check { errors: Vec::new() }
    }

    pub fn fail(&mut self, path: &str, reason: impl Into<String>) {
        self.errors.push((path.to_string(), reason.into()));
    }

    /// An object whose keys all appear in `allowed`.
    pub fn object<'a>(
        &mut self,
        v: &'a Value,
        path: &str,
        allowed: &[&str],
    ) -> Option<&'a Map<String, Value>> {
        let Some(map) = v.as_object() else {
            self.fail(path, "Must be an object");
            return None;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                self.fail(&join(path, key), "Unknown field");
            }
        }
        Some(map)
    }

    pub fn string<'a>(
        &mut self,
        map: &'a Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<&'a str> {
        match map.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.fail(&join(path, key), "Required");
                }
                None
            }
            Some(Value::String(s)) => Some(s),
            Some(_) => {
                self.fail(&join(path, key), "Must be a string");
                None
            }
        }
    }

    pub fn integer(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
        range: (i64, i64),
    ) -> Option<i64> {
        match map.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.fail(&join(path, key), "Required");
                }
                None
            }
            Some(v) => match v.as_i64() {
                Some(n) if n >= range.0 && n <= range.1 => Some(n),
                Some(_) => {
                    self.fail(
                        &join(path, key),
                        format!("Must be between {} and {}", range.0, range.1),
                    );
                    None
                }
                None => {
                    self.fail(&join(path, key), "Must be an integer");
                    None
                }
            },
        }
    }

    pub fn boolean(&mut self, map: &Map<String, Value>, path: &str, key: &str) {
        if !matches!(
            map.get(key),
            None | Some(Value::Null) | Some(Value::Bool(_))
        ) {
            self.fail(&join(path, key), "Must be a boolean");
        }
    }

    pub fn one_of(&mut self, value: Option<&str>, path: &str, allowed: &[&str]) {
        if let Some(v) = value {
            if !allowed.contains(&v) {
                self.fail(path, format!("Must be one of {}", allowed.join(", ")));
            }
        }
    }

    pub fn length(&mut self, value: Option<&str>, path: &str, min: usize, max: usize) {
        if let Some(v) = value {
            let n = v.chars().count();
            if n < min || n > max {
                self.fail(path, format!("Length must be {min} to {max} characters"));
            }
        }
    }
}

/// `path.key`, or just `key` at the top level.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Only ASCII digits, `min` to `max` of them.
pub(crate) fn digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}
