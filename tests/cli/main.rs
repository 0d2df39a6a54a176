//! The integration tests: one binary that runs the real `aftercert` over the fixtures.

mod check;
mod ci;
mod client_edition;
mod companies;
mod conventions;
mod format_v2;
mod init;
mod law_scope;
mod linear;
mod next_level;
mod output_safety;
mod policy;
mod proptest;
mod quantities;
mod reports;
mod reports_scoring;
mod robustness;
mod rule_packs;
mod scoring;
mod standards;
mod standards_v2;
mod support;
mod text_safety;
mod validate;
mod words;
