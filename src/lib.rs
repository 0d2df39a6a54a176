//! aftercert: audit a documented after-sales service process against standards kept as data.
pub mod yaml;
