//! aftercert: audit a documented after-sales service process against standards kept as data.
pub mod evaluate;
pub mod i18n;
pub mod process {
    //! The process document: its types.
    pub mod model;
}
pub mod standard {
    //! Standards as data.
    pub mod model;
}
pub mod yaml;
