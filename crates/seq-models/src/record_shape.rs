//! The nesting of a burn named-MessagePack record (maps by field name, lists of sub-records), read without
//! decoding any tensor, so that a weights file with more or fewer layers than the architecture is an error
//! naming the first place that differs, before burn's `load_record` (which panics on a list of another
//! length) sees it.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The nesting of a record: named fields, lists of nested records, or a leaf (number, text, bytes).
#[derive(Debug, PartialEq)]
enum Skeleton {
    /// A value without nested records.
    Leaf,
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

    leaf!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str, visit_bytes: &[u8]);

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
        let mut nested = Vec::new();
        while let Some(item) = seq.next_element::<Skeleton>()? {
            if item != Skeleton::Leaf {
                nested.push(item);
            }
        }
        Ok(Skeleton::List(nested))
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

fn diff(a: &Skeleton, b: &Skeleton, path: &mut Vec<String>) -> Option<String> {
    let at = |path: &[String]| if path.is_empty() { "the record".to_string() } else { path.join(".") };
    match (a, b) {
        (Skeleton::Leaf, Skeleton::Leaf) => None,
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
