//! The nesting of a burn named-MessagePack record (maps by field name, lists of sub-records), read without
//! decoding any tensor, so that a weights file with more or fewer layers than the architecture is an error
//! naming the first place that differs, before burn's `load_record` (which panics on a list of another
//! length) sees it; and every tensor's data checked against its shape and element type, so that a tensor
//! with fewer bytes than its shape needs is refused before burn (which panics on it) decodes it.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The nesting of a record: named fields, lists of nested records, or a leaf (number, text, bytes).
#[derive(Debug, PartialEq)]
enum Skeleton {
    /// A value without nested records.
    Leaf,
    /// A byte string (a tensor's data) of this length.
    Blob(usize),
    /// A text value (a tensor's element type).
    Text(String),
    /// A list of unsigned integers only (a tensor's shape).
    Ints(Vec<u64>),
    /// A list: the nested records in it (leaves are not kept, so tensor data costs no memory).
    List(Vec<Skeleton>),
    /// A map: field name → nesting.
    Map(Vec<(String, Skeleton)>),
}

impl<'de> Deserialize<'de> for Skeleton {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SkeletonVisitor)
    }
}

struct SkeletonVisitor;

macro_rules! leaf {
    ($($name:ident: $t:ty),*) => {
        $(fn $name<E>(self, _v: $t) -> Result<Skeleton, E> { Ok(Skeleton::Leaf) })*
    };
}

impl<'de> Visitor<'de> for SkeletonVisitor {
    type Value = Skeleton;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a burn record")
    }

    leaf!(visit_bool: bool, visit_i64: i64, visit_f64: f64);

    fn visit_u64<E>(self, v: u64) -> Result<Skeleton, E> {
        Ok(Skeleton::Ints(vec![v]))
    }

    fn visit_str<E>(self, v: &str) -> Result<Skeleton, E> {
        Ok(Skeleton::Text(v.to_string()))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<Skeleton, E> {
        Ok(Skeleton::Blob(v.len()))
    }

    fn visit_unit<E>(self) -> Result<Skeleton, E> {
        Ok(Skeleton::Leaf)
    }

    fn visit_none<E>(self) -> Result<Skeleton, E> {
        Ok(Skeleton::Leaf)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Skeleton, D::Error> {
        Skeleton::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skeleton, A::Error> {
        let (mut nested, mut ints, mut only_ints) = (Vec::new(), Vec::new(), true);
        while let Some(item) = seq.next_element::<Skeleton>()? {
            match item {
                Skeleton::Ints(v) if v.len() == 1 && only_ints => ints.push(v[0]),
                Skeleton::Map(_) | Skeleton::List(_) => {
                    only_ints = false;
                    nested.push(item);
                }
                _ => only_ints = false,
            }
        }
        Ok(if only_ints { Skeleton::Ints(ints) } else { Skeleton::List(nested) })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skeleton, A::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<KeyName>()? {
            fields.push((key.0, map.next_value::<Skeleton>()?));
        }
        Ok(Skeleton::Map(fields))
    }
}

/// A map key as text (names are strings in named MessagePack; anything else is shown as `?`).
struct KeyName(String);

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeyName, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(KeyName("?".into()))
            }
        }
        d.deserialize_any(V)
    }
}

/// The record part (`item`) of a burn record file.
#[derive(serde::Deserialize)]
struct RecordFile {
    item: Skeleton,
}

/// The nesting of the record in `bytes`, or why it cannot be read.
fn skeleton(bytes: &[u8]) -> Result<Skeleton, String> {
    rmp_serde::from_slice::<RecordFile>(bytes).map(|r| r.item).map_err(|e| e.to_string())
}

/// Where the record `found` nests differently from the record `expected` (the architecture's), e.g.
/// `features: the configuration has 2 layer records, the weights 3`; `Ok(None)` when they nest alike.
/// `Err` when `found` is not a record at all.
pub(crate) fn first_difference(expected: &[u8], found: &[u8]) -> Result<Option<String>, String> {
    let expected = skeleton(expected)?;
    let found = skeleton(found)?;
    Ok(diff(&expected, &found, &mut Vec::new()))
}

/// The first tensor in the record `bytes` whose data does not fill its shape with its element type
/// (`bytes.len() ≠ Π shape × size(dtype)`), or whose element type is unknown, described with its path.
pub(crate) fn first_unfilled_tensor(bytes: &[u8]) -> Result<Option<String>, String> {
    Ok(unfilled(&skeleton(bytes)?, &mut Vec::new()))
}

/// Bytes per element of a burn `DType` name.
fn dtype_size(name: &str) -> Option<usize> {
    Some(match name {
        "F64" | "I64" | "U64" => 8,
        "F32" | "Flex32" | "I32" | "U32" => 4,
        "F16" | "BF16" | "I16" | "U16" => 2,
        "I8" | "U8" | "Bool" => 1,
        _ => return None,
    })
}

fn unfilled(s: &Skeleton, path: &mut Vec<String>) -> Option<String> {
    match s {
        Skeleton::Map(fields) => {
            let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v);
            if let (Some(Skeleton::Blob(n)), Some(shape), Some(Skeleton::Text(dtype))) =
                (get("bytes"), get("shape"), get("dtype"))
            {
                let dims: &[u64] = match shape {
                    Skeleton::Ints(d) => d,
                    Skeleton::List(l) if l.is_empty() => &[],
                    _ => return Some(format!("{}: the tensor's shape is not a list of sizes", path.join("."))),
                };
                let Some(size) = dtype_size(dtype) else {
                    return Some(format!("{}: unknown element type {dtype:?}", path.join(".")));
                };
                let needed = dims.iter().try_fold(size as u64, |acc, &d| acc.checked_mul(d));
                return (needed != Some(*n as u64)).then(|| {
                    let needed = needed.map_or_else(|| "more than 2^64".into(), |b| b.to_string());
                    format!("{}: {n} bytes of data for shape {dims:?} of {dtype} ({needed} needed)", path.join("."))
                });
            }
            fields.iter().find_map(|(name, v)| {
                path.push(name.clone());
                let found = unfilled(v, path);
                path.pop();
                found
            })
        }
        Skeleton::List(items) => items.iter().enumerate().find_map(|(i, v)| {
            path.push(i.to_string());
            let found = unfilled(v, path);
            path.pop();
            found
        }),
        _ => None,
    }
}

fn diff(a: &Skeleton, b: &Skeleton, path: &mut Vec<String>) -> Option<String> {
    let at = |path: &[String]| if path.is_empty() { "the record".to_string() } else { path.join(".") };
    let leaf = |s: &Skeleton| !matches!(s, Skeleton::Map(_) | Skeleton::List(_));
    match (a, b) {
        (a, b) if leaf(a) && leaf(b) => None,
        (Skeleton::List(x), Skeleton::List(y)) if x.len() != y.len() => {
            Some(format!("{}: the configuration has {} entries, the weights {}", at(path), x.len(), y.len()))
        }
        (Skeleton::List(x), Skeleton::List(y)) => x.iter().zip(y).enumerate().find_map(|(i, (p, q))| {
            path.push(i.to_string());
            let d = diff(p, q, path);
            path.pop();
            d
        }),
        (Skeleton::Map(x), Skeleton::Map(y)) => {
            for (name, p) in x {
                let Some((_, q)) = y.iter().find(|(n, _)| n == name) else {
                    path.push(name.clone());
                    return Some(format!("{}: in the configuration, not in the weights", at(path)));
                };
                path.push(name.clone());
                let d = diff(p, q, path);
                path.pop();
                if d.is_some() {
                    return d;
                }
            }
            y.iter().find(|(n, _)| !x.iter().any(|(m, _)| m == n)).map(|(n, _)| {
                path.push(n.clone());
                format!("{}: in the weights, not in the configuration", at(path))
            })
        }
        _ => Some(format!("{}: the configuration and the weights nest differently here", at(path))),
    }
}
