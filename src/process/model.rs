//! The process document format, versions 1 and 2, as Rust types.
//!
//! These types are the single definition of the format: the JSON Schema printed by
//! `aftercert schema` is generated from them, validation walks that schema over the
//! positioned YAML tree, and the standards' checks name fields that must exist here.
//! Every field is optional unless the format cannot work without it, so that a young
//! company's document is valid and simply scores low: a missing section is a gap to
//! report, not a syntax error.
//!
//! Version 2 adds product lines with their own terms, quantities with units, service
//! modes and network summaries. Keys that only version 2 knows carry `x-since: 2` in the
//! schema, so that validation can tell a version-1 document to write `aftercert: 2`
//! instead of silently reading a key its author's version does not define.

use super::catalogue::{buyers, categories};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A process document: a company's documented after-sales service process.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "aftercert process document, format version 2 (version 1 accepted)")]
pub struct ProcessDocument {
    /// The format version: 2 (1 is still read). This key is how aftercert tells a process document from other YAML.
    #[schemars(range(min = 1, max = 2))]
    pub aftercert: u32,
    /// Who the company is and where it sells.
    pub company: Company,
    /// Product lines, each with its category, buyers and terms. None stated: one implicit line `all` with the company-level terms.
    #[schemars(extend("x-since" = 2))]
    pub products: Option<Vec<Product>>,
    /// How after-sales service is organised, supervised and promised.
    pub organization: Option<Organization>,
    /// How customers reach the company.
    pub channels: Option<Channels>,
    /// Service outlets and how they are run.
    pub network: Option<Network>,
    /// Qualifications, training, scripts and incentives.
    pub people: Option<People>,
    /// Money, premises, parts and systems.
    pub resources: Option<Resources>,
    /// The manual, the law, warranty and 三包 terms, delivery, repair and take-back.
    pub policies: Option<Policies>,
    /// Customer records, return visits, surveys, complaints and KPIs.
    pub customers: Option<Customers>,
    /// How the company learns and improves.
    pub improvement: Option<Improvement>,
    /// The staged build-out: preparation, organization, operation.
    pub buildout: Option<Buildout>,
    /// Documents that the rest of this file cites by id.
    pub evidence: Option<Vec<Evidence>>,
}

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// 简体中文.
    Zh,
    /// 繁體中文（臺灣）, converted from the Simplified texts.
    #[serde(rename = "zh-TW")]
    ZhTw,
    /// English.
    En,
}

/// A way of selling. `online`, `phone`, `tv` and `mail` are distance sales (Consumer Rights Protection Law Art. 25).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SalesChannel {
    /// Physical shops.
    Store,
    /// Web shops, marketplaces and apps.
    Online,
    /// Telephone sales.
    Phone,
    /// Television shopping.
    Tv,
    /// Mail order.
    Mail,
    /// Business-to-business or project sales.
    Direct,
}

/// The company being audited.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// The company's registered name.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Industry, e.g. `appliances`, `automotive`, `electronics`, `furniture`, `retail`. `automotive` brings in household-car 三包.
    pub industry: Option<String>,
    /// Product categories covered by the after-sales process.
    pub product_categories: Option<Vec<String>>,
    /// How the company sells.
    pub sales_channels: Option<Vec<SalesChannel>>,
    /// Regions (provinces, cities or countries) where the company sells.
    pub sales_regions: Option<Vec<String>>,
    /// Preferred report language.
    pub language: Option<Language>,
}

/// A post in the after-sales department.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Post {
    /// The post's title.
    pub title: String,
    /// What the post is responsible for.
    pub duties: Option<String>,
    /// How many people hold the post.
    #[schemars(range(min = 0))]
    pub headcount: Option<u32>,
}

/// The after-sales department.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// The department's name.
    pub name: Option<String>,
    /// Whether the department is dedicated to after-sales (rather than a designated part of another).
    pub dedicated: Option<bool>,
    /// Who heads it.
    pub head: Option<String>,
    /// Its posts and their duties.
    pub posts: Option<Vec<Post>>,
    /// Evidence ids (organisation chart, post descriptions).
    pub evidence: Option<Vec<String>>,
}

/// The body that supervises service.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supervision {
    /// The supervising body's name.
    pub body: Option<String>,
    /// Full-time supervision staff.
    #[schemars(range(min = 0))]
    pub full_time_staff: Option<u32>,
    /// Whether supervision findings lead to rewards and penalties.
    pub rewards_and_penalties: Option<bool>,
    /// Whether service targets are reviewed and revised regularly.
    pub targets_reviewed: Option<bool>,
    /// Whether internal inspections or audits of service are held.
    pub internal_audit: Option<bool>,
    /// When the last internal inspection or audit of service was held (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub last_internal_audit: Option<String>,
    /// Whether an external body or customers evaluate the service.
    pub external_evaluation: Option<bool>,
    /// Evidence ids (inspection reports, reward and penalty records).
    pub evidence: Option<Vec<String>>,
}

/// Service-management staff and their qualification.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceManagement {
    /// Service-management headcount.
    #[schemars(range(min = 0))]
    pub headcount: Option<u32>,
    /// How many hold the 售后服务管理师 (certified after-sales service manager) qualification.
    #[schemars(range(min = 0))]
    pub certified_managers: Option<u32>,
    /// Evidence ids (certificates, roster).
    pub evidence: Option<Vec<String>>,
}

/// The service philosophy.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Philosophy {
    /// The philosophy as stated.
    pub statement: Option<String>,
    /// Whether staff are briefed on it and can state it.
    pub staff_briefed: Option<bool>,
    /// Whether the company promotes its service culture publicly.
    pub publicly_promoted: Option<bool>,
}

/// One service commitment as worded in each medium where it appears.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// A short id for the commitment.
    pub id: String,
    /// What the commitment is about, e.g. `on-site repair time`.
    pub topic: Option<String>,
    /// The wording in adverts.
    pub advert: Option<String>,
    /// The wording on the warranty card.
    pub warranty_card: Option<String>,
    /// The wording in the sales contract.
    pub sales_contract: Option<String>,
    /// The wording on the website.
    pub website: Option<String>,
    /// The wording in brochures.
    pub brochure: Option<String>,
}

/// How after-sales service is organised.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// The after-sales department.
    pub after_sales_department: Option<Department>,
    /// The service-supervision body.
    pub supervision: Option<Supervision>,
    /// Service-management staff and qualifications.
    pub service_management: Option<ServiceManagement>,
    /// The service philosophy.
    pub philosophy: Option<Philosophy>,
    /// Service commitments, each as worded in every medium.
    pub commitments: Option<Vec<Commitment>>,
}

/// A topic a hotline answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HotlineTopic {
    /// Product design and features.
    Product,
    /// Technical questions.
    Technical,
    /// Repairs, returns, warranty.
    AfterSales,
    /// Complaints.
    Complaints,
}

/// A hotline.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hotline {
    /// The number, e.g. `400-800-1234`.
    pub number: String,
    /// Whether it is a dedicated, independent after-sales line.
    pub dedicated: Option<bool>,
    /// Days per week it is staffed.
    #[schemars(range(min = 0, max = 7))]
    pub days_per_week: Option<u32>,
    /// Hours per day it is staffed.
    #[schemars(range(min = 0, max = 24))]
    pub hours_per_day: Option<f64>,
    /// Whether the service hours are published.
    pub hours_published: Option<bool>,
    /// Topics it answers.
    pub topics: Option<Vec<HotlineTopic>>,
    /// Committed answer time, in seconds.
    #[schemars(range(min = 0))]
    pub answer_seconds: Option<f64>,
}

/// A contact channel other than the hotline.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Whether the channel is offered.
    pub available: Option<bool>,
    /// Address, handle or URL.
    pub address: Option<String>,
    /// Hours of service, e.g. `24/7` or `09:00-21:00`.
    pub hours: Option<String>,
    /// Committed first response, in hours.
    #[schemars(range(min = 0))]
    pub response_hours: Option<f64>,
}

/// How customers reach the company.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channels {
    /// Hotlines.
    pub hotlines: Option<Vec<Hotline>>,
    /// Online chat.
    pub online_chat: Option<Channel>,
    /// E-mail.
    pub email: Option<Channel>,
    /// Social media accounts.
    pub social_media: Option<Channel>,
    /// Chatbot for first response and off-peak hours.
    pub chatbot: Option<Channel>,
    /// The website's after-sales page.
    pub website: Option<Channel>,
    /// Self-service return and exchange (app or web).
    pub self_service_returns: Option<Channel>,
}

/// How an outlet is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutletMode {
    /// Run by the company.
    Own,
    /// Entrusted to a service provider under agreement.
    Entrusted,
    /// Run with a partner (dealer, regional agent).
    Partner,
}

/// A service outlet.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    /// A unique id.
    pub id: String,
    /// The outlet's name.
    pub name: Option<String>,
    /// The sales region it serves; must be one of `company.sales_regions`.
    pub region: Option<String>,
    /// How it is run.
    pub mode: Option<OutletMode>,
    /// Contact person or phone.
    pub contact: Option<String>,
    /// Staff at the outlet.
    #[schemars(range(min = 0))]
    pub staff: Option<u32>,
    /// Evidence ids (agreement, qualifications).
    pub evidence: Option<Vec<String>>,
}

/// The fast-response mechanism between the after-sales centre and the outlets.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FastResponse {
    /// How it works.
    pub mechanism: Option<String>,
    /// Target time from the centre's dispatch to the outlet's response, in hours.
    #[schemars(range(min = 0))]
    pub target_hours: Option<f64>,
}

/// Service outlets and how they are run.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// The outlet register.
    pub outlets: Option<Vec<Outlet>>,
    /// Priority target markets, where outlets are built first.
    pub priority_markets: Option<Vec<String>>,
    /// The outlet construction model.
    pub construction_model: Option<String>,
    /// The cooperation model with partners.
    pub cooperation_model: Option<String>,
    /// The regional agent standard.
    pub regional_agent_standard: Option<String>,
    /// How outlets are managed (inspections, audits).
    pub outlet_management: Option<String>,
    /// The centre–outlet fast-response mechanism.
    pub fast_response: Option<FastResponse>,
    /// Outlets summarised as counts per region and mode, instead of one entry each.
    #[schemars(extend("x-since" = 2))]
    pub outlet_counts: Option<Vec<OutletCount>>,
    /// Service modes that count as coverage where there is no outlet (e.g. `on_site`, `mail_in`).
    #[schemars(extend("x-since" = 2))]
    pub coverage_modes: Option<Vec<ServiceModeKind>>,
}

/// A qualification a post requires.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Qualification {
    /// The post.
    pub post: String,
    /// The qualification required (licence, certificate).
    pub requirement: Option<String>,
    /// How many staff in the post hold it.
    #[schemars(range(min = 0))]
    pub holders: Option<u32>,
    /// How many staff are in the post.
    #[schemars(range(min = 0))]
    pub staff: Option<u32>,
}

/// How often something recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Twice a year.
    HalfYearly,
    /// Every year.
    Annual,
    /// Once, or when needed.
    AdHoc,
}

/// A training programme.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// What it teaches: `product`, `technical`, `customer_psychology`, `service_culture`, `law`, `scripts`, …
    pub topic: String,
    /// Who attends.
    pub audience: Option<String>,
    /// How often it runs.
    pub frequency: Option<Frequency>,
    /// When it was last held (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub last_held: Option<String>,
    /// Evidence ids (attendance sheets, exams).
    pub records: Option<Vec<String>>,
}

/// A document that exists or not, with its evidence.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Artifact {
    /// Whether it exists and is in use.
    pub available: Option<bool>,
    /// Its version.
    pub version: Option<String>,
    /// When it was issued or last revised (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// Incentives for service staff.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incentives {
    /// Performance appraisal (绩效考核).
    pub appraisal: Option<bool>,
    /// Rewards for good service.
    pub rewards: Option<bool>,
    /// Promotion paths.
    pub promotion: Option<bool>,
    /// Staff-care measures.
    pub staff_care: Option<bool>,
}

/// Qualifications, training, scripts and incentives.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// Qualifications the posts require and hold.
    pub qualifications: Option<Vec<Qualification>>,
    /// Training programmes.
    pub training: Option<Vec<Training>>,
    /// Professional scripts (话术).
    pub scripts: Option<Artifact>,
    /// The service handbook.
    pub handbook: Option<Artifact>,
    /// Incentives.
    pub incentives: Option<Incentives>,
}

/// An amount of money set aside.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fund {
    /// The amount per year, in yuan.
    #[schemars(range(min = 0))]
    pub amount_cny: Option<f64>,
    /// What it is for.
    pub purpose: Option<String>,
    /// Evidence ids (budget, spend records, insurance).
    pub evidence: Option<Vec<String>>,
}

/// Premises and equipment.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Facilities {
    /// Office and service premises.
    pub premises: Option<String>,
    /// Service vehicles.
    #[schemars(range(min = 0))]
    pub vehicles: Option<u32>,
    /// Whether a tool list is kept.
    pub tool_list: Option<bool>,
    /// Safety measures at service sites.
    pub safety_measures: Option<bool>,
}

/// Spare parts.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpareParts {
    /// Whether a stock list (备品备件库存表) is kept.
    pub stock_list: Option<bool>,
    /// Stock-keeping units held.
    #[schemars(range(min = 0))]
    pub items: Option<u32>,
    /// Committed days to have a part on site.
    #[schemars(range(min = 0))]
    pub supply_days: Option<f64>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// The customer information / CRM system.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Crm {
    /// The system's name.
    pub system: Option<String>,
    /// Whether it schedules and records return visits.
    pub tracks_return_visits: Option<bool>,
    /// Whether it tracks complaints from receipt to closure.
    pub tracks_complaints: Option<bool>,
    /// Whether customer data is protected (access control, consent).
    pub privacy_safeguards: Option<bool>,
}

/// Money, premises, parts and systems.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    /// The after-sales budget.
    pub budget: Option<Fund>,
    /// The special contingency fund (compensation reserve, insurance).
    pub contingency_fund: Option<Fund>,
    /// Premises and equipment.
    pub facilities: Option<Facilities>,
    /// Spare parts.
    pub spare_parts: Option<SpareParts>,
    /// The customer information / CRM system.
    pub crm: Option<Crm>,
}

/// The after-sales service manual.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manual {
    /// Its version.
    pub version: Option<String>,
    /// When it was issued or last revised (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// What it covers: `scope`, `functions`, `division_of_work`, `operating_mechanism`, …
    pub covers: Option<Vec<String>>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// Applicable laws and regulations.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Laws {
    /// Laws, regulations and standards identified as applicable.
    pub list: Option<Vec<String>>,
    /// Whether staff are trained on them.
    pub staff_aware: Option<bool>,
}

/// Household-car 三包 terms.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VehicleTerms {
    /// 三包 validity in years.
    #[schemars(range(min = 0))]
    pub years: Option<f64>,
    /// 三包 validity in kilometres.
    #[schemars(range(min = 0))]
    pub km: Option<f64>,
}

/// Warranty and 三包 terms.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Warranty {
    /// Days after sale within which a faulty product may be returned.
    #[schemars(range(min = 0, max = 3650))]
    pub return_days: Option<u32>,
    /// Days after sale within which a faulty product may be exchanged.
    #[schemars(range(min = 0, max = 3650))]
    pub exchange_days: Option<u32>,
    /// Free-repair (warranty) period in months.
    #[schemars(range(min = 0, max = 600))]
    pub free_repair_months: Option<u32>,
    /// Days within which a repair is completed.
    #[schemars(range(min = 0, max = 3650))]
    pub repair_completion_days: Option<u32>,
    /// Failed repairs after which the product is replaced or taken back.
    #[schemars(range(min = 0, max = 100))]
    pub failed_repairs_before_replacement: Option<u32>,
    /// Days to refund after receiving returned goods.
    #[schemars(range(min = 0, max = 3650))]
    pub refund_days: Option<u32>,
    /// No-reason return window for distance sales, in days from receipt.
    #[schemars(range(min = 0, max = 3650))]
    pub no_reason_return_days: Option<u32>,
    /// Whether the business bears transport costs for returns of non-conforming goods.
    pub business_pays_return_transport: Option<bool>,
    /// Whether the terms are published (warranty card, website).
    pub published: Option<bool>,
    /// Household-car 三包 terms.
    pub vehicle: Option<VehicleTerms>,
    /// Version 2: the keys of `products[].terms`, as company defaults every product line inherits.
    #[serde(flatten)]
    pub terms: Terms,
    /// Evidence ids (warranty card, policy).
    pub evidence: Option<Vec<String>>,
}

/// Delivery and installation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    /// Committed delivery time, in days.
    #[schemars(range(min = 0))]
    pub delivery_days: Option<f64>,
    /// Whether installation and commissioning are offered.
    pub installation: Option<bool>,
    /// Whether a written installation standard exists.
    pub installation_standard: Option<bool>,
    /// Whether delivery and installation are signed off by the customer.
    pub acceptance_record: Option<bool>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// Repair service.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repair {
    /// Committed time to contact the customer after a request, in hours.
    #[schemars(range(min = 0))]
    pub response_hours: Option<f64>,
    /// Committed time to be on site, in hours.
    #[schemars(range(min = 0))]
    pub onsite_hours: Option<f64>,
    /// Whether repair and parts charges are published.
    pub published_charges: Option<bool>,
    /// Warranty on a repair, in days.
    #[schemars(range(min = 0))]
    pub repair_warranty_days: Option<u32>,
    /// Whether work orders (工单) are recorded.
    pub work_orders: Option<bool>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// Product information given to customers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductInformation {
    /// Whether manuals are complete and accurate.
    pub manuals: Option<bool>,
    /// Whether labels meet the rules.
    pub labels: Option<bool>,
    /// Whether warranty terms are disclosed with the product.
    pub warranty_disclosed: Option<bool>,
    /// Whether the hotline and outlet list are disclosed with the product.
    pub service_contacts_disclosed: Option<bool>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// Technical support for customers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TechnicalSupport {
    /// Usage guidance and consultation.
    pub usage_guidance: Option<bool>,
    /// Training for customers.
    pub customer_training: Option<bool>,
    /// Remote diagnosis or support.
    pub remote_support: Option<bool>,
}

/// Take-back and trade-in.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TakeBack {
    /// Whether end-of-life products are taken back.
    pub offered: Option<bool>,
    /// Whether trade-in is offered.
    pub trade_in: Option<bool>,
    /// Whether disposal is environmentally sound (licensed recycler).
    pub sound_disposal: Option<bool>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// The manual, the law, warranty and 三包 terms, delivery, repair and take-back.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policies {
    /// The after-sales service manual.
    pub manual: Option<Manual>,
    /// Applicable laws.
    pub laws: Option<Laws>,
    /// Warranty and 三包 terms.
    pub warranty: Option<Warranty>,
    /// Delivery and installation.
    pub delivery: Option<Delivery>,
    /// Repair.
    pub repair: Option<Repair>,
    /// Product information.
    pub product_information: Option<ProductInformation>,
    /// Technical support.
    pub technical_support: Option<TechnicalSupport>,
    /// Take-back and trade-in.
    pub take_back: Option<TakeBack>,
    /// Published return, refund and complaint policies (transparency).
    pub published: Option<PublishedPolicies>,
}

/// Which policies are published to customers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishedPolicies {
    /// The return and exchange policy.
    pub returns: Option<bool>,
    /// The refund process.
    pub refunds: Option<bool>,
    /// The complaint channel and process.
    pub complaints: Option<bool>,
}

/// The customer archive.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Archive {
    /// Whether a customer archive (消费者档案) is kept.
    pub maintained: Option<bool>,
    /// Whether purchase and service history is in it.
    pub service_history: Option<bool>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// Return visits (回访).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnVisits {
    /// Days after the service within which the visit is made.
    #[schemars(range(min = 0))]
    pub within_days: Option<f64>,
    /// Share of closed jobs that get a return visit, in percent.
    #[schemars(range(min = 0, max = 100))]
    pub coverage_percent: Option<f64>,
    /// How: `phone`, `sms`, `letter`, `visit`, `online`.
    pub method: Option<String>,
    /// Whether every closed complaint gets a return visit.
    pub after_complaints: Option<bool>,
    /// Whether findings feed improvement.
    pub findings_used: Option<bool>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// A satisfaction survey.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// How it is run: `phone`, `online`, `post_service`, `third_party`.
    pub method: Option<String>,
    /// How often.
    pub frequency: Option<Frequency>,
    /// When it was last run (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub last_run: Option<String>,
    /// Satisfaction found, in percent.
    #[schemars(range(min = 0, max = 100))]
    pub result_percent: Option<f64>,
    /// Respondents.
    #[schemars(range(min = 0))]
    pub sample_size: Option<u32>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// Complaint handling.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Complaints {
    /// Channels that accept complaints: `hotline`, `online`, `email`, `store`, `letter`, …
    pub channels: Option<Vec<String>>,
    /// Whether every complaint gets a unique id.
    pub unique_id: Option<bool>,
    /// Whether complaints are tracked from receipt to closure.
    pub tracking: Option<bool>,
    /// Committed acknowledgement time, in hours.
    #[schemars(range(min = 0))]
    pub acknowledgement_hours: Option<f64>,
    /// Committed resolution time, in hours.
    #[schemars(range(min = 0))]
    pub resolution_hours: Option<f64>,
    /// Whether complaints are triaged by severity on receipt.
    pub triage: Option<bool>,
    /// Whether complaints are investigated in proportion to severity.
    pub investigation: Option<bool>,
    /// Whether the decision is communicated to the complainant.
    pub response_communicated: Option<bool>,
    /// The escalation path for major complaints.
    pub escalation: Option<String>,
    /// Whether complainants are told of external recourse (12315, arbitration).
    pub external_recourse: Option<bool>,
    /// Whether root causes are analysed.
    pub root_cause_analysis: Option<bool>,
    /// Whether trends are analysed.
    pub trend_analysis: Option<bool>,
    /// Whether closure is recorded.
    pub closure_record: Option<bool>,
    /// Whether a complaint ledger (投诉台账) is kept.
    pub ledger: Option<bool>,
    /// Whether satisfaction with complaint handling is measured.
    pub satisfaction_measured: Option<bool>,
    /// Whether the process is audited.
    pub audited: Option<bool>,
    /// Whether management reviews it.
    pub management_review: Option<bool>,
    /// When the complaint process was last audited (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub last_audit: Option<String>,
    /// When management last reviewed it (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub last_management_review: Option<String>,
    /// Whether major complaints have contingency plans and drills.
    pub contingency_plan: Option<bool>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// Which way a KPI is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (CSAT, answer rate).
    Higher,
    /// Lower is better (complaint rate, handling time).
    Lower,
}

/// A key performance indicator.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// What it measures: `csat`, `nps`, `fcr`, `answer_rate`, `abandonment`, `complaint_rate`, `return_visit_rate`, `aht`, `service_level`, `retention`, `repeat_purchase`, or a name of the company's own.
    pub id: String,
    /// A readable name.
    pub name: Option<String>,
    /// The unit: `percent`, `seconds`, `minutes`, `hours`, `score`.
    pub unit: Option<String>,
    /// Which way is better; defaults from the KPI id.
    pub direction: Option<Direction>,
    /// The company's target. A KPI without one is valid: the missing target is a gap the standards report.
    pub target: Option<f64>,
    /// The actual figure for the period.
    pub actual: Option<f64>,
    /// The period the actual covers, e.g. `2025`, `2025-H1`, `2025-Q3`.
    pub period: Option<String>,
    /// Whether the target is a published commitment to customers.
    pub published: Option<bool>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// Customer records, return visits, surveys, complaints and KPIs.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Customers {
    /// The customer archive.
    pub archive: Option<Archive>,
    /// Return visits.
    pub return_visits: Option<ReturnVisits>,
    /// Satisfaction surveys.
    pub surveys: Option<Vec<Survey>>,
    /// Proactive care or appreciation activities.
    pub proactive_care: Option<Vec<String>>,
    /// Complaint handling.
    pub complaints: Option<Complaints>,
    /// Key performance indicators.
    pub kpis: Option<Vec<Kpi>>,
}

/// A corrective action.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectiveAction {
    /// A unique id.
    pub id: String,
    /// The problem.
    pub issue: Option<String>,
    /// What was done.
    pub action: Option<String>,
    /// When (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// Whether it is closed.
    pub closed: Option<bool>,
}

/// A certification held.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// The certificate, e.g. `ISO 9001`, `CCC`.
    pub name: String,
    /// Valid until (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub valid_until: Option<String>,
}

/// How the company learns and improves.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Improvement {
    /// The feedback loop between production, sales and service.
    pub feedback_loop: Option<String>,
    /// Corrective actions taken.
    pub corrective_actions: Option<Vec<CorrectiveAction>>,
    /// A research unit (own or entrusted) for hard problems.
    pub research_unit: Option<String>,
    /// Certifications held.
    pub certifications: Option<Vec<Certification>>,
    /// Standards the company helped draft.
    pub standard_setting: Option<Vec<String>>,
    /// Service awards or honours.
    pub awards: Option<Vec<String>>,
    /// Whether service quality is reviewed periodically.
    pub periodic_review: Option<bool>,
    /// When service quality was last reviewed by management (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub last_review: Option<String>,
}

/// The state of a build-out item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Not started.
    Planned,
    /// Started.
    InProgress,
    /// Finished.
    Done,
}

/// One build-out item.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildoutItem {
    /// Its state.
    pub status: ItemStatus,
    /// When it is planned to be done (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub planned: Option<String>,
    /// When it was done (ISO 8601 date).
    #[schemars(extend("format" = "date"))]
    pub completed: Option<String>,
    /// Evidence ids.
    pub evidence: Option<Vec<String>>,
}

/// Stage 1, preparation (筹备).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Preparation {
    /// Product positioning.
    pub positioning: Option<BuildoutItem>,
    /// Cost accounting.
    pub cost_accounting: Option<BuildoutItem>,
    /// Risk assessment.
    pub risk_assessment: Option<BuildoutItem>,
    /// Sales strategy.
    pub sales_strategy: Option<BuildoutItem>,
    /// Development direction.
    pub development_direction: Option<BuildoutItem>,
}

/// Stage 2, organization (组织).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationStage {
    /// Market-distribution analysis, initial target markets, priority outlets.
    pub market_analysis: Option<BuildoutItem>,
    /// Outlet and quality cost and risk folded into product cost.
    pub cost_and_risk: Option<BuildoutItem>,
    /// Outlet construction, cooperation and regional agent models.
    pub models: Option<BuildoutItem>,
    /// The handbook.
    pub handbook: Option<BuildoutItem>,
    /// Professional scripts.
    pub scripts: Option<BuildoutItem>,
    /// Staff training.
    pub training: Option<BuildoutItem>,
    /// First business contacts.
    pub first_contacts: Option<BuildoutItem>,
}

/// Stage 3, operation (运营).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OperationStage {
    /// An independent hotline.
    pub hotline: Option<BuildoutItem>,
    /// Better cooperation terms and resource allocation.
    pub cooperation_terms: Option<BuildoutItem>,
    /// Continued regional development with an outlet register.
    pub regional_development: Option<BuildoutItem>,
    /// Service quality and centre–outlet fast response.
    pub fast_response: Option<BuildoutItem>,
}

/// The staged build-out.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Buildout {
    /// Stage 1.
    pub preparation: Option<Preparation>,
    /// Stage 2.
    pub organization: Option<OrganizationStage>,
    /// Stage 3.
    pub operation: Option<OperationStage>,
}

/// A document the process cites.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The id other fields cite.
    #[schemars(length(min = 1))]
    pub id: String,
    /// Its title.
    pub title: Option<String>,
    /// A path or reference where it is kept.
    pub reference: Option<String>,
    /// Its date (ISO 8601).
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// Who owns it.
    pub owner: Option<String>,
}

/// Declares a text type whose schema is a string holding a quantity (`48h`, `3 working
/// days`, `50,000 km`). `x-quantity` names what it measures, so that validation can parse
/// it with [`crate::quantity::parse`] and refuse a bare number or an unknown unit.
macro_rules! quantity_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $example:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct $name(pub String);

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "x-quantity": $kind,
                    "examples": [$example]
                })
            }
        }
    };
}

quantity_type!(
    /// A duration with its unit: `48h`, `3 working days`, `36 months`, `2 years`, `24小时`, `3个工作日`.
    Duration,
    "duration",
    "3 working days"
);
quantity_type!(
    /// A usage cap with its unit: a distance (`50,000 km`, `5万公里`) or a page count (`60000 pages`).
    UsageCap,
    "usage",
    "60000 pages"
);
quantity_type!(
    /// An amount of money with its unit: `20 yuan`, `20元`.
    Money,
    "money",
    "20 yuan"
);

/// A product category id from the catalogue (`docs/categories.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category(pub String);

impl JsonSchema for Category {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Category".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let ids: Vec<&str> = categories().iter().map(|c| c.id).collect();
        json_schema!({ "type": "string", "enum": ids })
    }
}

/// Who buys a product line (`docs/categories.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer(pub String);

impl JsonSchema for Buyer {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Buyer".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let ids: Vec<&str> = buyers().iter().map(|b| b.id).collect();
        json_schema!({ "type": "string", "enum": ids })
    }
}

/// A product line: what is sold, to whom, how, and on which terms.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// A unique id, e.g. `fridge`.
    #[schemars(length(min = 1))]
    pub id: String,
    /// A readable name, e.g. `双门冰箱`.
    pub name: Option<String>,
    /// The product category, from the catalogue in docs/categories.md; decides which 三包 rules apply.
    pub category: Option<Category>,
    /// Who buys it: `consumers`, `businesses`, `farmers` (farmers buying production inputs).
    pub buyers: Option<Vec<Buyer>>,
    /// Made to order (定作): exempt from the 7-day no-reason return (CRPL Art. 25).
    pub made_to_order: Option<bool>,
    /// How this line is sold; default: `company.sales_channels`.
    pub sales_channels: Option<Vec<SalesChannel>>,
    /// Terms of this line; each key overrides the company default under `policies.warranty`.
    pub terms: Option<Terms>,
    /// How service is delivered, by mode, region and customer tier.
    pub service_modes: Option<Vec<ServiceModeEntry>>,
    /// Derived by aftercert (this line's terms over the company defaults); never written in a document.
    #[schemars(extend("readOnly" = true))]
    pub effective: Option<Terms>,
}

/// When a warranty period starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodStart {
    /// The invoice date (开具发票之日).
    Invoice,
    /// Delivery to the customer.
    Delivery,
    /// Installation.
    Installation,
    /// Activation (phones, devices).
    Activation,
    /// Shipping from the seller.
    Shipping,
    /// The sale.
    Sale,
}

/// A warranty period for one component.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// The component, e.g. `压缩机`, `battery`.
    #[schemars(length(min = 1))]
    pub part: String,
    /// Its warranty period, e.g. `6 years`.
    pub warranty: Option<Duration>,
    /// Its usage cap, e.g. `50000 km`.
    pub usage_cap: Option<UsageCap>,
    /// When its period starts, if not as the whole unit's.
    pub warranty_starts: Option<PeriodStart>,
}

/// Why a product line is exempt from no-reason return (CRPL Art. 25).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Exemption {
    /// Made to order (消费者定作的).
    MadeToOrder,
    /// Fresh, live or perishable goods (鲜活易腐的).
    Perishable,
    /// Digital goods or software the buyer has opened or downloaded.
    DigitalOpened,
    /// Newspapers and periodicals delivered.
    Newspapers,
    /// Goods the buyer confirmed as not returnable when buying.
    ConfirmedByBuyer,
}

/// An exemption from no-reason return and why it holds.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoReasonExemption {
    /// The ground of the exemption.
    pub exempt: Exemption,
    /// Why it holds for this line.
    pub why: Option<String>,
}

/// The no-reason return window, or the line's exemption from it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum NoReasonReturn {
    /// The window from receipt, e.g. `7 days`.
    Window(Duration),
    /// An exemption and why.
    Exempt(NoReasonExemption),
}

/// Who pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Payer {
    /// The company.
    Company,
    /// The customer.
    Customer,
}

/// Who pays return freight.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnFreight {
    /// Who pays to return faulty goods.
    pub faulty: Option<Payer>,
    /// Who pays for a no-reason return.
    pub no_reason: Option<Payer>,
    /// The most the company pays, if capped, e.g. `20 yuan`.
    pub cap: Option<Money>,
}

/// Warranty, 三包 and return terms: a product line's own (`products[].terms`), or the
/// company defaults (`policies.warranty`). Every duration needs its unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    /// The whole-unit warranty period (包修期), e.g. `1 year`.
    #[schemars(extend("x-since" = 2))]
    pub warranty: Option<Duration>,
    /// When periods start: `invoice`, `delivery`, `installation`, `activation`, `shipping`, `sale`.
    #[schemars(extend("x-since" = 2))]
    pub warranty_starts: Option<PeriodStart>,
    /// Per-component periods, e.g. `{part: 压缩机, warranty: 6 years}`.
    #[schemars(extend("x-since" = 2))]
    pub components: Option<Vec<Component>>,
    /// The whole-unit usage cap, a distance or a page count, e.g. `60000 pages`.
    #[schemars(extend("x-since" = 2))]
    pub usage_cap: Option<UsageCap>,
    /// Household cars: the 三包有效期 (SAMR Order 43 Art. 18), e.g. `2 years`; `warranty` is the 包修期.
    #[schemars(extend("x-since" = 2))]
    pub sanbao_period: Option<Duration>,
    /// Household cars: the 三包有效期's distance, e.g. `50000 km` (whichever comes first).
    #[schemars(extend("x-since" = 2))]
    pub sanbao_usage_cap: Option<UsageCap>,
    /// 三包 return window (包退) for a performance fault, e.g. `7 days`.
    #[schemars(extend("x-since" = 2))]
    pub return_window: Option<Duration>,
    /// 三包 exchange window (包换), e.g. `15 days`.
    #[schemars(extend("x-since" = 2))]
    pub exchange_window: Option<Duration>,
    /// Time to complete a repair, e.g. `30 days`.
    #[schemars(extend("x-since" = 2))]
    pub repair_limit: Option<Duration>,
    /// Failed repairs after which the product is replaced or taken back (also a version-1 key).
    #[schemars(range(min = 0, max = 100))]
    pub failed_repairs_before_replacement: Option<u32>,
    /// Whether the 三包 validity restarts after an exchange.
    #[schemars(extend("x-since" = 2))]
    pub restart_after_exchange: Option<bool>,
    /// How long a repaired item is guaranteed to work, e.g. `90 days`.
    #[schemars(extend("x-since" = 2))]
    pub repaired_goods_guarantee: Option<Duration>,
    /// How long parts are supplied after production stops, e.g. `5 years`.
    #[schemars(extend("x-since" = 2))]
    pub spare_parts_after_eol: Option<Duration>,
    /// What the warranty excludes, e.g. `[人为损坏, 不可抗力]`.
    #[schemars(extend("x-since" = 2))]
    pub exclusions: Option<Vec<String>>,
    /// The no-reason return window (`7 days`), or `{exempt: made_to_order, why: …}`.
    #[schemars(extend("x-since" = 2))]
    pub no_reason_return: Option<NoReasonReturn>,
    /// Time to refund after receiving returned goods, e.g. `7 days`.
    #[schemars(extend("x-since" = 2))]
    pub refund_within: Option<Duration>,
    /// Who pays return freight, and any cap.
    #[schemars(extend("x-since" = 2))]
    pub return_freight: Option<ReturnFreight>,
    /// Whether a loan unit (备用机) is lent during repair.
    #[schemars(extend("x-since" = 2))]
    pub loan_unit: Option<bool>,
    /// Household cars: a loan car (or transport compensation) when one repair takes longer
    /// than this, e.g. `5 days` (SAMR Order 43 Art. 21: from the 6th day).
    #[schemars(extend("x-since" = 2))]
    pub loan_car_after: Option<Duration>,
    /// Household cars: free replacement of the engine, transmission, traction battery or
    /// drive motor for a fault of its main parts within this time, e.g. `60 days` (Art. 20).
    #[schemars(extend("x-since" = 2))]
    pub major_part_replacement_window: Option<Duration>,
    /// Household cars: the same within this distance, e.g. `3000 km` (whichever comes first).
    #[schemars(extend("x-since" = 2))]
    pub major_part_replacement_distance: Option<UsageCap>,
    /// Household cars: replacement of the car or its return when the engine, transmission,
    /// traction battery or drive motor needs replacing within this time, e.g. `7 days` (Art. 22).
    #[schemars(extend("x-since" = 2))]
    pub exchange_or_return_window: Option<Duration>,
    /// Household cars: replacement or return for a steering or braking failure, body
    /// cracking, a fuel leak or a traction-battery fire within this time, e.g. `60 days` (Art. 23).
    #[schemars(extend("x-since" = 2))]
    pub safety_failure_window: Option<Duration>,
    /// Household cars: the same within this distance, e.g. `3000 km` (whichever comes first).
    #[schemars(extend("x-since" = 2))]
    pub safety_failure_distance: Option<UsageCap>,
    /// Household cars: replacement or return once repairs in the 三包 period add up to more
    /// than this, e.g. `30 days` (Art. 24(4)).
    #[schemars(extend("x-since" = 2))]
    pub cumulative_repair_limit: Option<Duration>,
    /// Household cars: time to answer a request for replacement or return, e.g.
    /// `10 working days` (Art. 28 ¶1).
    #[schemars(extend("x-since" = 2))]
    pub replacement_request_answer_within: Option<Duration>,
    /// Household cars: time to complete a replacement or return that is due, e.g.
    /// `20 working days` (Art. 28 ¶2).
    #[schemars(extend("x-since" = 2))]
    pub replacement_completed_within: Option<Duration>,
    /// Whether goods an administrative department has found non-conforming are taken back
    /// on the consumer's request (CRPL Art. 54).
    #[schemars(extend("x-since" = 2))]
    pub takes_back_nonconforming: Option<bool>,
    /// Whether the terms say the statutory 三包 terms apply where they are better.
    #[schemars(extend("x-since" = 2))]
    pub statutory_where_better: Option<bool>,
}

/// A way of delivering service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServiceModeKind {
    /// At the customer's site (上门).
    OnSite,
    /// The customer brings the product to an outlet (送修).
    CarryIn,
    /// The customer sends the product (寄修).
    MailIn,
    /// By phone or remote access.
    Remote,
}

/// One service mode for a region and a customer tier, with its times.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceModeEntry {
    /// The mode: `on_site`, `carry_in`, `mail_in`, `remote`.
    pub mode: ServiceModeKind,
    /// Regions where it is offered; default: all sales regions.
    pub regions: Option<Vec<String>>,
    /// The customer tier it is for, e.g. `standard`, `gold`.
    pub customer_class: Option<String>,
    /// Committed first response, e.g. `2h`.
    pub response: Option<Duration>,
    /// Committed arrival on site, e.g. `24h`.
    pub arrival: Option<Duration>,
    /// Committed time to restore service, e.g. `3 working days`.
    pub restore: Option<Duration>,
}

/// A count of outlets in one region run one way.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutletCount {
    /// The region; must be one of `company.sales_regions`.
    #[schemars(length(min = 1))]
    pub region: String,
    /// How they are run.
    pub mode: Option<OutletMode>,
    /// How many.
    #[schemars(range(min = 0))]
    pub count: u32,
}
