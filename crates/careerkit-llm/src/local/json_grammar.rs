//! A byte-level automaton for the JSON values a JSON Schema (subset) accepts, used to mask the
//! tokens a local model may generate so its output always parses and validates.
//!
//! Supported: `type` (one or a list), `properties` + `required` (no other keys), `enum`,
//! `const`, `anyOf`/`oneOf`, `items`, `minItems`/`maxItems`, `minLength`/`maxLength`, integer
//! vs number, `$ref` to `#/...` (recursion allowed). Any other constraining keyword (for example
//! `pattern`, `minimum`, `allOf`) is reported by [`JsonGrammar::unsupported`] and the value is
//! decoded with the plain JSON grammar of its type (any JSON value when the type is unknown).
//! The automaton is nondeterministic over unions: its state is a set of parser stacks.

use std::collections::HashMap;

use serde_json::Value;

type NodeId = u32;
type LitId = u32;

/// Literals interned first by every grammar.
const TRUE: LitId = 0;
const FALSE: LitId = 1;
const NULL: LitId = 2;

/// Keywords that describe but do not constrain.
const IGNORED: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "$schema",
    "$id",
    "$defs",
    "definitions",
    "$comment",
    "format",
    "additionalProperties",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// Maximum consecutive whitespace bytes outside strings (stops whitespace loops).
const MAX_WS: u8 = 6;
/// Maximum bytes in one number.
const MAX_NUMBER: u8 = 24;
/// Candidate sets (enum values, object keys) are bit sets of this size.
const MAX_CANDIDATES: usize = 64;

#[derive(Debug, Clone)]
enum Node {
    Any,
    Literal(LitId),
    Boolean,
    Number {
        integer: bool,
    },
    String {
        min: u32,
        max: Option<u32>,
        choices: Option<Vec<Vec<u8>>>,
    },
    Array {
        items: NodeId,
        min: u32,
        max: Option<u32>,
    },
    Object {
        keys: Vec<Vec<u8>>,
        values: Vec<NodeId>,
        required: u64,
    },
    /// An object with any keys whose values match `values`.
    FreeObject {
        values: NodeId,
    },
    Union(Vec<NodeId>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum StrRole {
    Value(NodeId),
    /// The key of the object whose frame is just below.
    Key,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ObjPhase {
    /// After `{`: a key or `}`.
    Start,
    /// Inside a key string.
    InKey,
    /// After a key: `:` (with the matched property index).
    Colon(u32),
    /// After a value: `,` or `}`.
    AfterValue,
    /// After `,`: a key.
    NeedKey,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ArrPhase {
    Start,
    AfterValue,
    NeedValue,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum NumPhase {
    Sign,
    Zero,
    Int,
    Dot,
    Frac,
    Exp,
    ExpSign,
    ExpDigits,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Frame {
    Value(NodeId),
    Lit {
        lit: LitId,
        pos: u32,
    },
    Num {
        integer: bool,
        phase: NumPhase,
        len: u8,
    },
    /// A string; `choices` is a bit set of still-possible candidates when it has them.
    Str {
        role: StrRole,
        chars: u32,
        pos: u32,
        esc: u8,
        utf8: u8,
        choices: u64,
    },
    Obj {
        node: NodeId,
        used: u64,
        phase: ObjPhase,
    },
    Arr {
        items: NodeId,
        count: u32,
        min: u32,
        max: u32,
        phase: ArrPhase,
    },
}

/// The compiled grammar of one schema.
#[derive(Debug, Clone)]
pub struct JsonGrammar {
    nodes: Vec<Node>,
    lits: Vec<Vec<u8>>,
    root: NodeId,
    unsupported: Vec<String>,
}

/// Where the automaton is: every parser stack still alive.
#[derive(Debug, Clone, PartialEq)]
pub struct GrammarState {
    stacks: Vec<Vec<Frame>>,
    ws: u8,
}

fn escaped(text: &str) -> Vec<u8> {
    let json = serde_json::to_string(text).unwrap_or_default();
    json.as_bytes()[1..json.len().saturating_sub(1).max(1)].to_vec()
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r')
}

struct Compiler<'a> {
    root: &'a Value,
    nodes: Vec<Node>,
    lits: Vec<Vec<u8>>,
    refs: HashMap<String, NodeId>,
    unsupported: Vec<String>,
}

impl Compiler<'_> {
    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        (self.nodes.len() - 1) as NodeId
    }

    fn lit(&mut self, bytes: Vec<u8>) -> NodeId {
        self.lits.push(bytes);
        let id = (self.lits.len() - 1) as LitId;
        self.push(Node::Literal(id))
    }

    fn note(&mut self, keyword: &str) {
        if !self.unsupported.iter().any(|k| k == keyword) {
            self.unsupported.push(keyword.to_string());
        }
    }

    fn compile(&mut self, schema: &Value) -> NodeId {
        let Some(map) = schema.as_object() else {
            return if schema == &Value::Bool(false) {
                self.note("false schema");
                self.push(Node::Any)
            } else {
                self.push(Node::Any)
            };
        };
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            return self.reference(reference);
        }
        if let Some(value) = map.get("const") {
            return self.lit(value.to_string().into_bytes());
        }
        if let Some(Value::Array(values)) = map.get("enum") {
            let strings: Option<Vec<&str>> = values.iter().map(Value::as_str).collect();
            return match strings {
                Some(s) if !s.is_empty() && s.len() <= MAX_CANDIDATES => self.push(Node::String {
                    min: 0,
                    max: None,
                    choices: Some(s.iter().map(|t| escaped(t)).collect()),
                }),
                _ => {
                    let alternatives = values
                        .iter()
                        .map(|v| self.lit(v.to_string().into_bytes()))
                        .collect();
                    self.push(Node::Union(alternatives))
                }
            };
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Value::Array(alternatives)) = map.get(key) {
                let ids = alternatives.iter().map(|a| self.compile(a)).collect();
                return self.push(Node::Union(ids));
            }
        }
        if let Some(Value::Array(all)) = map.get("allOf") {
            if let [only] = all.as_slice() {
                return self.compile(only);
            }
        }
        for key in map.keys() {
            let known = IGNORED.contains(&key.as_str())
                || matches!(
                    key.as_str(),
                    "type"
                        | "properties"
                        | "required"
                        | "items"
                        | "minItems"
                        | "maxItems"
                        | "minLength"
                        | "maxLength"
                );
            if !known {
                self.note(key);
            }
        }
        match map.get("type") {
            Some(Value::String(t)) => self.typed(t, map),
            Some(Value::Array(types)) => {
                let ids = types
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|t| self.typed(t, map))
                    .collect();
                self.push(Node::Union(ids))
            }
            _ if map.contains_key("properties") => self.typed("object", map),
            _ if map.contains_key("items") => self.typed("array", map),
            _ => self.push(Node::Any),
        }
    }

    fn reference(&mut self, reference: &str) -> NodeId {
        if let Some(&id) = self.refs.get(reference) {
            return id;
        }
        let Some(target) = reference
            .strip_prefix('#')
            .and_then(|p| self.root.pointer(p))
        else {
            self.note("$ref (not a local pointer)");
            return self.push(Node::Any);
        };
        let slot = self.push(Node::Any);
        self.refs.insert(reference.to_string(), slot);
        let compiled = self.compile(target);
        self.nodes[slot as usize] = self.nodes[compiled as usize].clone();
        slot
    }

    fn typed(&mut self, kind: &str, map: &serde_json::Map<String, Value>) -> NodeId {
        let uint = |key: &str| {
            map.get(key)
                .and_then(Value::as_u64)
                .map(|v| v.min(u64::from(u32::MAX)) as u32)
        };
        match kind {
            "null" => self.push(Node::Literal(NULL)),
            "boolean" => self.push(Node::Boolean),
            "integer" => self.push(Node::Number { integer: true }),
            "number" => self.push(Node::Number { integer: false }),
            "string" => self.push(Node::String {
                min: uint("minLength").unwrap_or(0),
                max: uint("maxLength"),
                choices: None,
            }),
            "array" => {
                let items = match map.get("items") {
                    Some(items) => self.compile(items),
                    None => self.push(Node::Any),
                };
                self.push(Node::Array {
                    items,
                    min: uint("minItems").unwrap_or(0),
                    max: uint("maxItems"),
                })
            }
            "object" => match map.get("properties").and_then(Value::as_object) {
                Some(props) if !props.is_empty() && props.len() <= MAX_CANDIDATES => {
                    let required: Vec<&str> = map
                        .get("required")
                        .and_then(Value::as_array)
                        .map(|r| r.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    let mut keys = Vec::new();
                    let mut values = Vec::new();
                    let mut mask = 0u64;
                    for (i, (key, schema)) in props.iter().enumerate() {
                        keys.push(escaped(key));
                        values.push(self.compile(schema));
                        if required.contains(&key.as_str()) {
                            mask |= 1 << i;
                        }
                    }
                    self.push(Node::Object {
                        keys,
                        values,
                        required: mask,
                    })
                }
                Some(props) if props.len() > MAX_CANDIDATES => {
                    self.note("properties (more than 64)");
                    let values = self.push(Node::Any);
                    self.push(Node::FreeObject { values })
                }
                _ => {
                    let values = match map.get("additionalProperties") {
                        Some(s @ Value::Object(_)) => self.compile(s),
                        _ => self.push(Node::Any),
                    };
                    self.push(Node::FreeObject { values })
                }
            },
            other => {
                self.note(&format!("type {other}"));
                self.push(Node::Any)
            }
        }
    }
}

impl JsonGrammar {
    /// Compiles `schema`.
    pub fn new(schema: &Value) -> Self {
        let mut compiler = Compiler {
            root: schema,
            nodes: Vec::new(),
            lits: vec![b"true".to_vec(), b"false".to_vec(), b"null".to_vec()],
            refs: HashMap::new(),
            unsupported: Vec::new(),
        };
        let root = compiler.compile(schema);
        Self {
            nodes: compiler.nodes,
            lits: compiler.lits,
            root,
            unsupported: compiler.unsupported,
        }
    }

    /// Keywords of the schema that constrain values but are not enforced while decoding
    /// (their values are decoded with the plain JSON grammar).
    pub fn unsupported(&self) -> &[String] {
        &self.unsupported
    }

    /// The state before any output.
    pub fn start(&self) -> GrammarState {
        GrammarState {
            stacks: vec![vec![Frame::Value(self.root)]],
            ws: 0,
        }
    }

    /// Feeds `bytes`; false (and `state` unusable) when they cannot continue a valid value.
    pub fn advance(&self, state: &mut GrammarState, bytes: &[u8]) -> bool {
        for &b in bytes {
            if is_ws(b) && state.stacks.iter().all(|s| ws_allowed(s)) {
                if state.ws >= MAX_WS {
                    return false;
                }
                state.ws += 1;
            } else {
                state.ws = 0;
            }
            let mut next = Vec::with_capacity(state.stacks.len());
            for stack in state.stacks.drain(..) {
                self.step(stack, b, &mut next);
            }
            if next.is_empty() {
                return false;
            }
            next.dedup();
            state.stacks = next;
        }
        true
    }

    /// Whether `bytes` would be accepted (the state is not changed).
    pub fn accepts(&self, state: &GrammarState, bytes: &[u8]) -> bool {
        let mut probe = state.clone();
        self.advance(&mut probe, bytes)
    }

    /// Whether the output so far is a complete value.
    pub fn is_complete(&self, state: &GrammarState) -> bool {
        state.stacks.iter().any(|s| {
            s.is_empty()
                || matches!(s.as_slice(), [Frame::Num { phase, .. }] if num_complete(*phase))
        })
    }

    /// Whether nothing but the end can follow (the value is closed on every path).
    pub fn is_closed(&self, state: &GrammarState) -> bool {
        state.stacks.iter().all(Vec::is_empty)
    }

    fn step(&self, mut stack: Vec<Frame>, b: u8, out: &mut Vec<Vec<Frame>>) {
        let Some(top) = stack.pop() else {
            return;
        };
        match top {
            Frame::Value(node) => {
                if is_ws(b) {
                    stack.push(top);
                    out.push(stack);
                    return;
                }
                self.start_value(stack, node, b, out);
            }
            Frame::Lit { lit, pos } => {
                let text = &self.lits[lit as usize];
                if text.get(pos as usize) == Some(&b) {
                    if pos as usize + 1 < text.len() {
                        stack.push(Frame::Lit { lit, pos: pos + 1 });
                    }
                    out.push(stack);
                }
            }
            Frame::Num {
                integer,
                phase,
                len,
            } => {
                if let Some(phase) = num_next(phase, b, integer).filter(|_| len < MAX_NUMBER) {
                    stack.push(Frame::Num {
                        integer,
                        phase,
                        len: len + 1,
                    });
                    out.push(stack);
                } else if num_complete(phase) {
                    // The number ended; the byte belongs to the parent.
                    self.step(stack, b, out);
                }
            }
            Frame::Str {
                role,
                chars,
                pos,
                esc,
                utf8,
                choices,
            } => {
                self.step_string(stack, role, (chars, pos, esc, utf8, choices), b, out);
            }
            Frame::Obj { node, used, phase } => self.step_object(stack, node, used, phase, b, out),
            Frame::Arr {
                items,
                count,
                min,
                max,
                phase,
            } => {
                let frame = |count, phase| Frame::Arr {
                    items,
                    count,
                    min,
                    max,
                    phase,
                };
                match phase {
                    _ if is_ws(b) => {
                        stack.push(top);
                        out.push(stack);
                    }
                    ArrPhase::Start if b == b']' && min == 0 => {
                        out.push(stack);
                    }
                    ArrPhase::AfterValue if b == b']' && count >= min => {
                        out.push(stack);
                    }
                    ArrPhase::AfterValue if b == b',' && count < max => {
                        stack.push(frame(count, ArrPhase::NeedValue));
                        out.push(stack);
                    }
                    ArrPhase::Start | ArrPhase::NeedValue if count < max => {
                        stack.push(frame(count + 1, ArrPhase::AfterValue));
                        self.start_value(stack, items, b, out);
                    }
                    _ => {}
                }
            }
        }
    }

    fn start_value(&self, mut stack: Vec<Frame>, node: NodeId, b: u8, out: &mut Vec<Vec<Frame>>) {
        match &self.nodes[node as usize] {
            Node::Union(alternatives) => {
                for &alt in alternatives {
                    self.start_value(stack.clone(), alt, b, out);
                }
            }
            Node::Literal(lit) => {
                stack.push(Frame::Lit { lit: *lit, pos: 0 });
                self.step(stack, b, out);
            }
            Node::Boolean => self.start_keyword(stack, b, out, &[TRUE, FALSE]),
            Node::Number { integer } => {
                if let Some(phase) =
                    num_next(NumPhase::Sign, b, *integer).or((b == b'-').then_some(NumPhase::Sign))
                {
                    stack.push(Frame::Num {
                        integer: *integer,
                        phase,
                        len: 1,
                    });
                    out.push(stack);
                }
            }
            Node::String { choices, .. } if b == b'"' => {
                let choices = choices.as_ref().map_or(0, |c| {
                    if c.len() == 64 {
                        u64::MAX
                    } else {
                        (1u64 << c.len()) - 1
                    }
                });
                stack.push(Frame::Str {
                    role: StrRole::Value(node),
                    chars: 0,
                    pos: 0,
                    esc: 0,
                    utf8: 0,
                    choices,
                });
                out.push(stack);
            }
            Node::Array { items, min, max } if b == b'[' => {
                stack.push(Frame::Arr {
                    items: *items,
                    count: 0,
                    min: *min,
                    max: max.unwrap_or(u32::MAX),
                    phase: ArrPhase::Start,
                });
                out.push(stack);
            }
            Node::Object { .. } | Node::FreeObject { .. } if b == b'{' => {
                stack.push(Frame::Obj {
                    node,
                    used: 0,
                    phase: ObjPhase::Start,
                });
                out.push(stack);
            }
            Node::Any => match b {
                b'"' => {
                    stack.push(Frame::Str {
                        role: StrRole::Value(node),
                        chars: 0,
                        pos: 0,
                        esc: 0,
                        utf8: 0,
                        choices: 0,
                    });
                    out.push(stack);
                }
                b'[' => {
                    stack.push(Frame::Arr {
                        items: node,
                        count: 0,
                        min: 0,
                        max: u32::MAX,
                        phase: ArrPhase::Start,
                    });
                    out.push(stack);
                }
                b'{' => {
                    stack.push(Frame::Obj {
                        node,
                        used: 0,
                        phase: ObjPhase::Start,
                    });
                    out.push(stack);
                }
                b'-' | b'0'..=b'9' => {
                    if let Some(phase) =
                        num_next(NumPhase::Sign, b, false).or((b == b'-').then_some(NumPhase::Sign))
                    {
                        stack.push(Frame::Num {
                            integer: false,
                            phase,
                            len: 1,
                        });
                        out.push(stack);
                    }
                }
                _ => self.start_keyword(stack, b, out, &[TRUE, FALSE, NULL]),
            },
            _ => {}
        }
    }

    fn start_keyword(&self, stack: Vec<Frame>, b: u8, out: &mut Vec<Vec<Frame>>, words: &[LitId]) {
        for &lit in words {
            if self.lits[lit as usize].first() == Some(&b) {
                let mut stack = stack.clone();
                stack.push(Frame::Lit { lit, pos: 1 });
                out.push(stack);
            }
        }
    }

    fn candidates(&self, role: StrRole, stack: &[Frame]) -> Option<(&[Vec<u8>], u64)> {
        match role {
            StrRole::Value(node) => match &self.nodes[node as usize] {
                Node::String {
                    choices: Some(c), ..
                } => Some((c.as_slice(), 0)),
                _ => None,
            },
            StrRole::Key => match stack.last() {
                Some(Frame::Obj { node, used, .. }) => match &self.nodes[*node as usize] {
                    Node::Object { keys, .. } => Some((keys.as_slice(), *used)),
                    _ => None,
                },
                _ => None,
            },
        }
    }

    fn step_string(
        &self,
        mut stack: Vec<Frame>,
        role: StrRole,
        (chars, pos, esc, utf8, choices): (u32, u32, u8, u8, u64),
        b: u8,
        out: &mut Vec<Vec<Frame>>,
    ) {
        let (min, max) = match role {
            StrRole::Value(node) => match &self.nodes[node as usize] {
                Node::String { min, max, .. } => (*min, max.unwrap_or(u32::MAX)),
                _ => (0, u32::MAX),
            },
            StrRole::Key => (0, u32::MAX),
        };
        if let Some((cands, used)) = self.candidates(role, &stack) {
            let alive = if role == StrRole::Key && pos == 0 && choices == 0 {
                !used & mask_of(cands.len())
            } else {
                choices
            };
            let p = pos as usize;
            if b == b'"' {
                if let Some(i) =
                    (0..cands.len()).find(|&i| alive & (1 << i) != 0 && cands[i].len() == p)
                {
                    self.close_string(stack, role, i as u32, out);
                    return;
                }
            }
            let next = (0..cands.len())
                .filter(|&i| alive & (1 << i) != 0 && cands[i].get(p) == Some(&b))
                .fold(0u64, |m, i| m | (1 << i));
            if next != 0 {
                stack.push(Frame::Str {
                    role,
                    chars,
                    pos: pos + 1,
                    esc: 0,
                    utf8: 0,
                    choices: next,
                });
                out.push(stack);
            }
            return;
        }
        let frame = |chars, esc, utf8| Frame::Str {
            role,
            chars,
            pos: pos + 1,
            esc,
            utf8,
            choices,
        };
        if utf8 > 0 {
            if b & 0xc0 == 0x80 {
                stack.push(frame(chars, 0, utf8 - 1));
                out.push(stack);
            }
            return;
        }
        match esc {
            1 => {
                let next = match b {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(0),
                    b'u' => Some(2),
                    _ => None,
                };
                if let Some(esc) = next {
                    stack.push(frame(chars, esc, 0));
                    out.push(stack);
                }
            }
            2..=5 => {
                if b.is_ascii_hexdigit() {
                    stack.push(frame(chars, if esc == 5 { 0 } else { esc + 1 }, 0));
                    out.push(stack);
                }
            }
            _ => match b {
                b'"' if chars >= min => {
                    self.close_string(stack, role, 0, out);
                }
                _ if chars >= max || b < 0x20 => {}
                b'\\' => {
                    stack.push(frame(chars + 1, 1, 0));
                    out.push(stack);
                }
                0x20..=0x7f => {
                    stack.push(frame(chars + 1, 0, 0));
                    out.push(stack);
                }
                0xc2..=0xdf => {
                    stack.push(frame(chars + 1, 0, 1));
                    out.push(stack);
                }
                0xe0..=0xef => {
                    stack.push(frame(chars + 1, 0, 2));
                    out.push(stack);
                }
                0xf0..=0xf4 => {
                    stack.push(frame(chars + 1, 0, 3));
                    out.push(stack);
                }
                _ => {}
            },
        }
    }

    fn close_string(
        &self,
        mut stack: Vec<Frame>,
        role: StrRole,
        matched: u32,
        out: &mut Vec<Vec<Frame>>,
    ) {
        if role == StrRole::Key {
            if let Some(Frame::Obj { phase, .. }) = stack.last_mut() {
                *phase = ObjPhase::Colon(matched);
            }
        }
        out.push(stack);
    }

    fn step_object(
        &self,
        mut stack: Vec<Frame>,
        node: NodeId,
        used: u64,
        phase: ObjPhase,
        b: u8,
        out: &mut Vec<Vec<Frame>>,
    ) {
        let (required, fixed) = match &self.nodes[node as usize] {
            Node::Object { required, keys, .. } => (*required, Some(keys.len())),
            _ => (0, None),
        };
        let frame = |used, phase| Frame::Obj { node, used, phase };
        if is_ws(b) && phase != ObjPhase::InKey {
            stack.push(frame(used, phase));
            out.push(stack);
            return;
        }
        match phase {
            ObjPhase::Start | ObjPhase::AfterValue if b == b'}' && used & required == required => {
                out.push(stack);
            }
            ObjPhase::Start | ObjPhase::NeedKey if b == b'"' => {
                if fixed.is_some_and(|n| used & mask_of(n) == mask_of(n)) {
                    return;
                }
                stack.push(frame(used, ObjPhase::InKey));
                stack.push(Frame::Str {
                    role: StrRole::Key,
                    chars: 0,
                    pos: 0,
                    esc: 0,
                    utf8: 0,
                    choices: 0,
                });
                out.push(stack);
            }
            ObjPhase::AfterValue if b == b',' => {
                // A comma needs a key to follow: not when every property is already there.
                if fixed.is_some_and(|n| used & mask_of(n) == mask_of(n)) {
                    return;
                }
                stack.push(frame(used, ObjPhase::NeedKey));
                out.push(stack);
            }
            ObjPhase::Colon(i) if b == b':' => {
                let value = match &self.nodes[node as usize] {
                    Node::Object { values, .. } => values[i as usize],
                    Node::FreeObject { values } => *values,
                    _ => node,
                };
                let used = if fixed.is_some() {
                    used | (1 << i)
                } else {
                    used
                };
                stack.push(frame(used, ObjPhase::AfterValue));
                stack.push(Frame::Value(value));
                out.push(stack);
            }
            _ => {}
        }
    }
}

fn mask_of(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

fn ws_allowed(stack: &[Frame]) -> bool {
    !matches!(stack.last(), Some(Frame::Str { .. } | Frame::Lit { .. }))
}

fn num_complete(phase: NumPhase) -> bool {
    matches!(
        phase,
        NumPhase::Zero | NumPhase::Int | NumPhase::Frac | NumPhase::ExpDigits
    )
}

fn num_next(phase: NumPhase, b: u8, integer: bool) -> Option<NumPhase> {
    use NumPhase::*;
    match (phase, b) {
        (Sign, b'0') => Some(Zero),
        (Sign, b'1'..=b'9') => Some(Int),
        (Int, b'0'..=b'9') => Some(Int),
        (Zero | Int, b'.') if !integer => Some(Dot),
        (Zero | Int | Frac, b'e' | b'E') if !integer => Some(Exp),
        (Dot | Frac, b'0'..=b'9') => Some(Frac),
        (Exp, b'+' | b'-') => Some(ExpSign),
        (Exp | ExpSign | ExpDigits, b'0'..=b'9') => Some(ExpDigits),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn accepts_all(grammar: &JsonGrammar, text: &str) -> bool {
        let mut state = grammar.start();
        grammar.advance(&mut state, text.as_bytes()) && grammar.is_complete(&state)
    }

    fn is_prefix(grammar: &JsonGrammar, text: &str) -> bool {
        grammar.accepts(&grammar.start(), text.as_bytes())
    }

    #[test]
    fn objects_need_their_required_keys_and_no_others() {
        let g = JsonGrammar::new(&json!({
            "type": "object",
            "properties": {"name": {"type": "string", "maxLength": 5}, "age": {"type": "integer"}},
            "required": ["name"]
        }));
        assert!(accepts_all(&g, r#"{"name": "Ana", "age": 31}"#));
        assert!(accepts_all(&g, r#"{ "age": -3,"name":"A\"b" }"#));
        assert!(!is_prefix(&g, r#"{"age": 3}"#));
        assert!(!is_prefix(&g, r#"{"nickname""#));
        assert!(!is_prefix(&g, r#"{"name": "Ana", "name""#));
        assert!(!is_prefix(&g, r#"{"name": "Anabel"#));
        assert!(!is_prefix(&g, r#"{"name": "A", "age": 1.5"#));
        assert!(!is_prefix(&g, r#"{"name": "A", "age": 1,"#));
        assert!(g.unsupported().is_empty());
    }

    #[test]
    fn enums_arrays_unions_and_refs() {
        let g = JsonGrammar::new(&json!({
            "$defs": {"level": {"enum": ["junior", "senior", 3]}},
            "type": "array",
            "items": {"anyOf": [{"$ref": "#/$defs/level"}, {"type": "null"}, {"type": "boolean"}]},
            "maxItems": 2
        }));
        assert!(accepts_all(&g, r#"["junior", null]"#));
        assert!(accepts_all(&g, "[3,true]"));
        assert!(accepts_all(&g, "[]"));
        assert!(!is_prefix(&g, r#"["jun", "#));
        assert!(!is_prefix(&g, r#"["mid"#));
        assert!(!is_prefix(&g, "[null, null, "));
    }

    #[test]
    fn unsupported_keywords_are_reported_and_decoded_as_plain_json() {
        let g = JsonGrammar::new(&json!({"type": "string", "pattern": "^[a-z]+$"}));
        assert_eq!(g.unsupported(), ["pattern"]);
        assert!(accepts_all(&g, r#""ABC 1""#));
        let g = JsonGrammar::new(&json!({"not": {"type": "string"}}));
        assert!(accepts_all(&g, r#"{"any": [1, "x", {"y": null}]}"#));
        assert!(!is_prefix(&g, "{]"));
    }

    #[test]
    fn numbers_end_where_the_parent_continues_and_whitespace_is_bounded() {
        let g = JsonGrammar::new(
            &json!({"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"]}),
        );
        assert!(accepts_all(&g, r#"{"x":-0.5e+3}"#));
        assert!(!is_prefix(&g, r#"{"x":01"#));
        assert!(!is_prefix(&g, &format!("{{{}", " ".repeat(20))));
        let top = JsonGrammar::new(&json!({"type": "integer"}));
        let mut s = top.start();
        assert!(top.advance(&mut s, b"12"));
        assert!(top.is_complete(&s) && !top.is_closed(&s));
    }

    #[test]
    fn strings_reject_control_characters_and_split_utf8_is_a_prefix() {
        let g = JsonGrammar::new(&json!({"type": "string", "maxLength": 2}));
        assert!(!is_prefix(&g, "\"a\nb"));
        assert!(is_prefix(&g, "\"\u{e9}"));
        assert!(g.accepts(&g.start(), &[b'"', 0xf0, 0x9f]));
        assert!(accepts_all(&g, "\"\u{e9}\u{1f642}\""));
        assert!(!is_prefix(&g, "\"abc"));
    }
}
