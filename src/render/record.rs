//! A JSON Lines record written back with its cleaned `text` and the `reprint` metadata, straight from the document.

use serde::Serialize;
use serde_json::{Map, Value};

/// Writes the members of a record after `{` (and any members before): the
/// input record's `fields` in their order with `text` and `reprint` in place
/// of its own, else appended in that order. Byte for byte what inserting
/// them into a `Value` and printing it gives, without copying the text.
pub fn members(out: &mut Vec<u8>, fields: &Map<String, Value>, text: &str, meta: &impl Serialize) {
    let (mut has_text, mut has_meta) = (false, false);
    for (k, v) in fields {
        key(out, k);
        match k.as_str() {
            "text" => {
                has_text = true;
                write_json(out, text);
            }
            "reprint" => {
                has_meta = true;
                write_json(out, meta);
            }
            _ => write_json(out, v),
        }
    }
    if !has_text {
        key(out, "text");
        write_json(out, text);
    }
    if !has_meta {
        key(out, "reprint");
        write_json(out, meta);
    }
}

/// A member's key, after a comma unless it is the object's first.
pub fn key(out: &mut Vec<u8>, k: &str) {
    if out.last() != Some(&b'{') {
        out.push(b',');
    }
    write_json(out, k);
    out.push(b':');
}

pub fn write_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    serde_json::to_writer(out, value).expect("serializes");
}
