//! A value with the place it was written, for the standard model.
//!
//! serde-saphyr's own `Spanned` reads positions from YAML, but writes only the value back,
//! so a standard compiled at build time (`compiled.rs`) would lose every position its
//! diagnostics and reports show. This wrapper reads YAML through serde-saphyr's `Spanned`
//! (same positions, same errors) and, in the compact binary form, writes and reads the
//! position beside the value. The two are told apart by `is_human_readable`: YAML and
//! JSON are, the binary form is not.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Where a value was written: 1-based line and column, `0:0` when unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    line: u64,
    column: u64,
}

impl Location {
    /// The 1-based line.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The 1-based column, counted in characters.
    pub fn column(&self) -> u64 {
        self.column
    }
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written (for an alias: the alias).
    pub referenced: Location,
}

impl<T> From<serde_saphyr::Spanned<T>> for Spanned<T> {
    fn from(s: serde_saphyr::Spanned<T>) -> Self {
        Spanned {
            value: s.value,
            referenced: Location {
                line: s.referenced.line(),
                column: s.referenced.column(),
            },
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            serde_saphyr::Spanned::<T>::deserialize(d).map(Spanned::from)
        } else {
            let (value, referenced) = <(T, Location)>::deserialize(d)?;
            Ok(Spanned { value, referenced })
        }
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            self.value.serialize(s)
        } else {
            (&self.value, &self.referenced).serialize(s)
        }
    }
}
