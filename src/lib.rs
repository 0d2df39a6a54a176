//! aftercert: audit a documented after-sales service process against standards kept as data.
//!
//! The data flows load → validate → evaluate → score → policy → report → output:
//! [`process`] reads and validates process documents (format versions 1 and 2, with
//! [`quantity`] for durations and caps), [`standard`] reads standards and [`law`] the
//! statutory terms per product category, [`evaluate`] runs their checks, [`score`] turns
//! findings into a score and a rating, [`policy`] applies tailoring, waivers, the baseline
//! and the gate, [`report`] renders the result and [`output`] writes it without touching
//! an input. [`audit::run`] is the whole pipeline for one document. [`app`] holds the
//! commands; the library never prints except through them.
#![warn(missing_docs)]

pub mod aging;
pub mod app;
pub mod audit;
pub mod cli;
pub mod config;
pub mod diag;
pub mod evaluate;
pub mod figures;
pub mod i18n;
pub mod labels;
pub mod law;
pub mod output;
pub mod policy;
pub mod quantity;
pub mod records;
pub mod process {
    //! The process document: its types, schema, loading and validation.
    pub mod catalogue;
    pub mod load;
    pub mod migrate;
    pub mod model;
    pub mod normalize;
    pub mod quantities;
    pub mod schema;
    pub mod shape;
    pub mod validate;
}
pub mod report;
pub mod score;
pub mod standard {
    //! Standards as data: their types and how they are loaded and linted.
    pub mod compiled;
    pub mod lint;
    mod lint_scoring;
    pub mod load;
    pub mod model;
    pub mod rule;
    pub mod spanned;
}
pub mod text;
pub mod yaml;
