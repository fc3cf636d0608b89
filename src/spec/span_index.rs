//! Where each value of a spec file sits in its source, by field path
//! (`constraints.parameter_budget.max`, `training.data.sources[1]`), so that
//! errors found after parsing can still point at the line.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// Byte spans of every value in a spec, keyed by field path.
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    spans: BTreeMap<String, (usize, usize)>,
    /// Byte spans of mapping keys, by the path of the value they introduce.
    keys: BTreeMap<String, (usize, usize)>,
    /// Scalar values as written (strings decoded, numbers and booleans as
    /// text), by path.
    scalars: BTreeMap<String, String>,
    root: RootKind,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum RootKind {
    #[default]
    Mapping,
    Sequence,
    Scalar,
}

impl SpanIndex {
    /// Parses `text` as a generic YAML tree and records every value's span.
    pub fn build(text: &str, options: serde_saphyr::Options) -> Result<Self, serde_saphyr::Error> {
        let root: Option<Spanned<Node>> = serde_saphyr::from_str_with_options(text, options)?;
        let mut index = SpanIndex::default();
        if let Some(root) = root {
            index.root = match root.value {
                Node::Map(_) => RootKind::Mapping,
                Node::Seq(_) => RootKind::Sequence,
                Node::Scalar(_) => RootKind::Scalar,
            };
            index.record(String::new(), &root);
        }
        Ok(index)
    }

    /// "a sequence" or "a scalar value" when the root is not a mapping.
    pub fn root_kind_if_not_mapping(&self) -> Option<&'static str> {
        match self.root {
            RootKind::Mapping => None,
            RootKind::Sequence => Some("a sequence (a list)"),
            RootKind::Scalar => Some("a single scalar value"),
        }
    }

    /// The byte span of the value at `path`, or of its nearest recorded parent.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path;
        loop {
            if let Some(span) = self.spans.get(path) {
                return Some(*span);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }

    /// The byte span of the value at exactly `path`.
    pub fn span(&self, path: &str) -> Option<(usize, usize)> {
        self.spans.get(path).copied()
    }

    /// The scalars of the list at `path`, as `[a, b]`, or the scalar itself.
    pub fn display_text(&self, path: &str) -> String {
        if let Some(text) = self.text(path) {
            return text.to_string();
        }
        let items: Vec<&str> = (0..)
            .map_while(|i| self.text(&format!("{path}[{i}]")))
            .collect();
        format!("[{}]", items.join(", "))
    }

    /// Whether the file wrote a value at exactly `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.spans.contains_key(path)
    }

    /// The scalar written at exactly `path`, as text.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.scalars.get(path).map(String::as_str)
    }

    /// The byte span of the key that introduces the value at `path`.
    pub fn key_span(&self, path: &str) -> Option<(usize, usize)> {
        self.keys.get(path).copied()
    }

    /// Every path the file wrote a value at, in sorted order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.spans.keys().map(String::as_str)
    }

    fn record(&mut self, path: String, node: &Spanned<Node>) {
        let span = node.referenced.span();
        if let (Some(offset), Some(len)) = (span.byte_offset(), span.byte_len())
            && offset != u64::from(u32::MAX)
        {
            self.spans
                .insert(path.clone(), (offset as usize, len.max(1) as usize));
        }
        match &node.value {
            Node::Map(entries) => {
                for (key, child) in entries {
                    let child_path = if path.is_empty() {
                        key.value.0.clone()
                    } else {
                        format!("{path}.{}", key.value.0)
                    };
                    let span = key.referenced.span();
                    if let (Some(offset), Some(len)) = (span.byte_offset(), span.byte_len())
                        && offset != u64::from(u32::MAX)
                    {
                        self.keys
                            .insert(child_path.clone(), (offset as usize, len.max(1) as usize));
                    }
                    self.record(child_path, child);
                }
            }
            Node::Seq(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.record(format!("{path}[{i}]"), child);
                }
            }
            Node::Scalar(text) => {
                if let Some(text) = text {
                    self.scalars.insert(path, text.clone());
                }
            }
        }
    }
}

/// A generic YAML value that only remembers structure and spans.
enum Node {
    Scalar(Option<String>),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<KeyText>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Some(v.to_string())))
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Scalar(None))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(None))
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

/// A mapping key of any scalar type, as text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyText, E> {
                Ok(KeyText("null".to_string()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}
