//! aftercert: audit a documented after-sales service process against standards kept as data.
pub mod evaluate;
pub mod i18n;
pub mod diag;
pub mod process {
    //! The process document: its types, schema, loading and validation.
    pub mod load;
    pub mod model;
    pub mod schema;
    pub mod validate;
}
pub mod standard {
    //! Standards as data.
    pub mod model;
}
pub mod yaml;
