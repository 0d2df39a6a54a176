//! Writes benchmark corpora of valid process documents (issue 6, item 7).
//!
//! The directory-audit benchmark needs thousands of documents that look like what a group
//! with many brands or a consultancy with many clients keeps: Chinese and English
//! companies, mature, compliant and young processes, 1–60 outlets, training and survey
//! dates that are fresh or stale against `--as-of 2026-11-23`, KPIs that meet or miss
//! their targets, build-outs done, in progress or overdue. A second mode writes one very
//! large document (100,000 outlets by default) for the memory and single-file timing.
//!
//! ```text
//! cargo run --release --example gen_corpus -- DIR N [--seed S]
//! cargo run --release --example gen_corpus -- DIR N --small
//! cargo run --release --example gen_corpus -- --huge PATH [--outlets N] [--lean] [--seed S]
//! ```
//!
//! `--small` writes documents of about 110 bytes that state only who the company is (a
//! start-up's first draft): the run's cost is then its fixed cost per document, which
//! the memory benchmark of a run of 20,000 documents needs.
//!
//! `--lean` writes each outlet of the huge document with only `id`, `region` and `staff`
//! (7 YAML nodes instead of 16), for comparing against the YAML node budget.
//!
//! Output is a pure function of the arguments (a tiny xorshift generator, no clock, no
//! `rand`), so two runs with the same seed write byte-identical files. Every document is
//! meant to pass `aftercert validate`: outlet regions come from the company's sales
//! regions, every cited evidence id is defined, every KPI has a target and every value is
//! in range. YAML is written as text; every string is double-quoted and escaped, so names
//! with `:`, `#`, quotes or backslashes cannot change the structure.

use chrono::{Days, NaiveDate};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The audit date the dates are generated around (the benchmark's `--as-of`).
const AS_OF: (i32, u32, u32) = (2026, 11, 23);

/// Documents per sub-folder, so that the audit walks a tree, not one flat folder.
const PER_FOLDER: usize = 100;

/// How to call it.
const USAGE: &str = "usage: gen_corpus DIR N [--seed S] [--small]
       gen_corpus --huge PATH [--outlets N] [--lean] [--seed S]";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return;
    }
    if let Err(message) = run(&args) {
        eprintln!("gen_corpus: {message}\n{USAGE}");
        std::process::exit(2);
    }
}

/// Parses the arguments and writes the corpus or the huge document.
fn run(args: &[String]) -> Result<(), String> {
    let mut seed = 27922u64;
    let mut huge: Option<PathBuf> = None;
    let mut huge_outlets = Huge {
        count: 100_000,
        lean: false,
    };
    let mut positional = Vec::new();
    let mut small = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--seed" => seed = number(&value("--seed")?)?,
            "--huge" => huge = Some(PathBuf::from(value("--huge")?)),
            "--outlets" => huge_outlets.count = number(&value("--outlets")?)?,
            "--lean" => huge_outlets.lean = true,
            "--small" => small = true,
            _ => positional.push(a.clone()),
        }
    }
    match (huge, positional.as_slice()) {
        (Some(path), []) => write_huge(&path, huge_outlets, seed),
        (None, [dir, n]) if small => write_small(Path::new(dir), number(n)?),
        (None, [dir, n]) => write_corpus(Path::new(dir), number(n)?, seed),
        _ => Err("expected DIR N, or --huge PATH".into()),
    }
}

fn number<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("`{s}` is not a number"))
}

/// Writes `n` documents under `dir`, `PER_FOLDER` per sub-folder.
fn write_corpus(dir: &Path, n: usize, seed: u64) -> Result<(), String> {
    let mut bytes = 0usize;
    let mut counts = [0usize; 3];
    for i in 0..n {
        // One generator per document: document i is the same whatever N is.
        let mut rng = Rng::new(seed ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let profile = Profile::draw(&mut rng);
        counts[profile as usize] += 1;
        let text = document(&mut rng, profile, i, None);
        let folder = dir.join(format!("batch-{:03}", i / PER_FOLDER));
        std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        let file = folder.join(format!("{i:05}-{}.yaml", profile.name()));
        std::fs::write(&file, &text).map_err(|e| format!("{}: {e}", file.display()))?;
        bytes += text.len();
    }
    eprintln!(
        "gen_corpus: wrote {n} documents ({} mature, {} compliant, {} young), {bytes} bytes, under {}",
        counts[0],
        counts[1],
        counts[2],
        dir.display()
    );
    Ok(())
}

/// Writes `n` documents of about 110 bytes under `dir`, `PER_FOLDER` per sub-folder.
fn write_small(dir: &Path, n: usize) -> Result<(), String> {
    let mut bytes = 0usize;
    for i in 0..n {
        let text = format!(
            "aftercert: 2\ncompany:\n  name: \"Small company {i:05}\"\n  language: zh\n  industry: \"家电\"\n  sales_regions: [\"北京\"]\n"
        );
        let folder = dir.join(format!("batch-{:03}", i / PER_FOLDER));
        std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        let file = folder.join(format!("{i:05}-small.yaml"));
        std::fs::write(&file, &text).map_err(|e| format!("{}: {e}", file.display()))?;
        bytes += text.len();
    }
    eprintln!(
        "gen_corpus: wrote {n} small documents, {bytes} bytes, under {}",
        dir.display()
    );
    Ok(())
}

/// The outlet register of the huge document.
#[derive(Debug, Clone, Copy)]
struct Huge {
    /// How many outlets.
    count: usize,
    /// Only `id`, `region` and `staff` per outlet.
    lean: bool,
}

/// Writes one mature document with a huge outlet register.
fn write_huge(path: &Path, huge: Huge, seed: u64) -> Result<(), String> {
    let mut rng = Rng::new(seed);
    let text = document(&mut rng, Profile::Mature, 0, Some(huge));
    let outlets = huge.count;
    std::fs::write(path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!(
        "gen_corpus: wrote {} with {outlets} outlets, {} bytes",
        path.display(),
        text.len()
    );
    Ok(())
}

/// A xorshift64* generator: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut r = Rng(seed | 1);
        for _ in 0..4 {
            r.next();
        }
        r
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A whole number in `lo..=hi`.
    fn int(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }

    /// A number in `lo..hi` rounded to one decimal.
    fn tenth(&mut self, lo: f64, hi: f64) -> f64 {
        ((lo + self.unit() * (hi - lo)) * 10.0).round() / 10.0
    }
}

/// How far a company's after-sales process has come.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Profile {
    /// Near-complete, like fixtures/appliance-mature.yaml.
    Mature,
    /// Reasonable but incomplete, like fixtures/online-retailer.yaml.
    Compliant,
    /// Still being built, like fixtures/startup-organization-stage.yaml.
    Young,
}

impl Profile {
    /// 25 % mature, 45 % compliant, 30 % young.
    fn draw(rng: &mut Rng) -> Profile {
        match rng.int(0, 99) {
            0..25 => Profile::Mature,
            25..70 => Profile::Compliant,
            _ => Profile::Young,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Profile::Mature => "mature",
            Profile::Compliant => "compliant",
            Profile::Young => "young",
        }
    }

    /// The probability that a practice is in place, drawn per document.
    fn maturity(self, rng: &mut Rng) -> f64 {
        match self {
            Profile::Mature => 0.88 + rng.unit() * 0.12,
            Profile::Compliant => 0.5 + rng.unit() * 0.3,
            Profile::Young => 0.1 + rng.unit() * 0.3,
        }
    }

    /// How many outlets a company of this profile runs.
    fn outlets(self, rng: &mut Rng) -> usize {
        let (lo, hi) = match self {
            Profile::Mature => (15, 60),
            Profile::Compliant => (3, 25),
            Profile::Young => (1, 5),
        };
        rng.int(lo, hi) as usize
    }
}

/// Provinces and municipalities: Chinese name, English name, outlet-id prefix, area code.
const REGIONS: &[(&str, &str, &str, &str)] = &[
    ("北京市", "Beijing", "BJ", "010"),
    ("上海市", "Shanghai", "SH", "021"),
    ("天津市", "Tianjin", "TJ", "022"),
    ("重庆市", "Chongqing", "CQ", "023"),
    ("广东省", "Guangdong", "GD", "020"),
    ("浙江省", "Zhejiang", "ZJ", "0571"),
    ("江苏省", "Jiangsu", "JS", "025"),
    ("山东省", "Shandong", "SD", "0531"),
    ("四川省", "Sichuan", "SC", "028"),
    ("湖北省", "Hubei", "HB", "027"),
    ("河南省", "Henan", "HA", "0371"),
    ("福建省", "Fujian", "FJ", "0591"),
    ("湖南省", "Hunan", "HN", "0731"),
    ("陕西省", "Shaanxi", "SN", "029"),
    ("安徽省", "Anhui", "AH", "0551"),
    ("河北省", "Hebei", "HE", "0311"),
    ("辽宁省", "Liaoning", "LN", "024"),
    ("吉林省", "Jilin", "JL", "0431"),
    ("黑龙江省", "Heilongjiang", "HL", "0451"),
    ("江西省", "Jiangxi", "JX", "0791"),
    ("广西壮族自治区", "Guangxi", "GX", "0771"),
    ("云南省", "Yunnan", "YN", "0871"),
    ("贵州省", "Guizhou", "GZ", "0851"),
    ("山西省", "Shanxi", "SX", "0351"),
    ("内蒙古自治区", "Inner Mongolia", "NM", "0471"),
    ("新疆维吾尔自治区", "Xinjiang", "XJ", "0991"),
    ("甘肃省", "Gansu", "GS", "0931"),
    ("海南省", "Hainan", "HI", "0898"),
    ("宁夏回族自治区", "Ningxia", "NX", "0951"),
    ("青海省", "Qinghai", "QH", "0971"),
    ("西藏自治区", "Tibet", "XZ", "0891"),
];

const ZH_BRANDS: &[&str] = &[
    "澜海", "青禾", "华宇", "恒通", "瑞丰", "嘉禾", "鼎盛", "星河", "远航", "金穗", "博睿", "安泰",
    "锦程", "天润", "云帆", "海川", "明德", "正源", "德隆", "新科", "启明", "鸿运", "长青", "汇智",
];
#[rustfmt::skip]
const EN_BRANDS: &[&str] = &[
    "Northwind", "Bluepeak", "Harbor Lane", "Silverline", "Evergreen", "Redwood", "Youxuan",
    "Brightstone", "Kestrel", "Jade River", "Meridian",
];
/// Names that break unquoted YAML (an apostrophe, quotes, a colon, a hash, a backslash), used
/// now and then so that a quoting mistake would show as an invalid document.
const ODD_BRANDS: &[&str] = &[
    "O'Connor & Sons",
    "Summit \"Smart\" Home",
    "Lotus: Living",
    "Apex #1",
    "Back\\Slash Labs",
];
/// An industry id, its Chinese and English trade words, product categories in both languages.
type Industry = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

#[rustfmt::skip]
const INDUSTRIES: &[Industry] = &[
    ("appliances", "电器", "Appliances", &[
        ("冰箱", "refrigerators"), ("洗衣机", "washing machines"), ("空调", "air conditioners"),
        ("热水器", "water heaters"), ("厨房电器", "kitchen appliances"),
    ]),
    ("electronics", "电子", "Electronics", &[
        ("智能门锁", "smart locks"), ("扫地机器人", "robot vacuums"), ("平板电脑", "tablets"),
        ("智能音箱", "smart speakers"),
    ]),
    ("automotive", "汽车销售服务", "Motors", &[
        ("家用轿车", "passenger cars"), ("SUV", "SUVs"), ("新能源汽车", "electric vehicles"),
    ]),
    ("furniture", "家居", "Furniture", &[
        ("沙发", "sofas"), ("床垫", "mattresses"), ("定制衣柜", "fitted wardrobes"),
        ("办公家具", "office furniture"),
    ]),
    ("retail", "商贸", "Online", &[
        ("小家电", "small kitchen appliances"), ("消费电子", "consumer electronics"),
        ("家居用品", "home goods"),
    ]),
];
const ZH_SUFFIXES: &[&str] = &["股份有限公司", "有限公司", "集团有限公司", "科技有限公司"];
const EN_SUFFIXES: &[&str] = &["Co., Ltd.", "Ltd.", "Group", "(Shenzhen) Co., Ltd."];

/// One document's choices that several sections share.
struct Company {
    zh: bool,
    industry: usize,
    name: String,
    regions: Vec<usize>,
    m: f64,
    evidence: Vec<(&'static str, &'static str, &'static str)>,
}

impl Company {
    fn draw(rng: &mut Rng, profile: Profile, huge: bool) -> Company {
        let zh = rng.chance(0.6);
        let industry = rng.int(0, INDUSTRIES.len() as u64 - 1) as usize;
        let (_, zh_trade, en_trade, _) = INDUSTRIES[industry];
        let name = if zh {
            format!(
                "{}{}{}",
                rng.pick(ZH_BRANDS),
                zh_trade,
                rng.pick(ZH_SUFFIXES)
            )
        } else {
            let brands = if rng.chance(0.1) {
                ODD_BRANDS
            } else {
                EN_BRANDS
            };
            format!(
                "{} {} {}",
                rng.pick(brands),
                en_trade,
                rng.pick(EN_SUFFIXES)
            )
        };
        let wanted = if huge {
            REGIONS.len()
        } else {
            match profile {
                Profile::Mature => rng.int(6, 20) as usize,
                Profile::Compliant => rng.int(3, 8) as usize,
                Profile::Young => rng.int(1, 3) as usize,
            }
        };
        let start = rng.int(0, REGIONS.len() as u64 - 1) as usize;
        let regions = (0..wanted).map(|k| (start + k) % REGIONS.len()).collect();
        let m = profile.maturity(rng);
        let evidence = EVIDENCE
            .iter()
            .copied()
            .filter(|_| huge || rng.chance(m))
            .collect();
        Company {
            zh,
            industry,
            name,
            regions,
            m,
            evidence,
        }
    }

    /// Chinese or English text, by the company's language.
    fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.zh { zh } else { en }
    }

    /// A text from [`TEXTS`] in the company's language.
    fn say(&self, id: &str) -> &'static str {
        let (_, zh, en) = TEXTS
            .iter()
            .find(|(k, _, _)| *k == id)
            .expect("a known text id");
        if self.zh { zh } else { en }
    }

    fn region(&self, r: usize) -> &'static str {
        if self.zh { REGIONS[r].0 } else { REGIONS[r].1 }
    }

    /// The ids among `wanted` that this document defines, as a flow list, or None.
    fn cite(&self, wanted: &[&str]) -> Option<String> {
        let ids: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|w| self.evidence.iter().any(|(id, _, _)| id == w))
            .collect();
        (!ids.is_empty()).then(|| format!("[{}]", ids.join(", ")))
    }

    /// True with the document's maturity as probability.
    fn has(&self, rng: &mut Rng) -> bool {
        rng.chance(self.m)
    }
}

/// Evidence a document may define: id, Chinese title, English title.
#[rustfmt::skip]
const EVIDENCE: &[(&str, &str, &str)] = &[
    ("E-ORGCHART", "组织架构图及岗位说明书", "Organisation chart and post descriptions"),
    ("E-SUPERVISION", "服务质量监督制度及奖惩记录", "Service supervision rules and reward records"),
    ("E-ROSTER", "售后人员花名册及证书清单", "After-sales roster and certificates"),
    ("E-OUTLETS", "服务网点清单", "Service outlet register"),
    ("E-AGREEMENTS", "委托网点服务协议", "Service agreements with entrusted outlets"),
    ("E-TRAINING", "培训签到表与考试成绩", "Training attendance sheets and exams"),
    ("E-SCRIPTS", "售后服务话术手册", "Service scripts"),
    ("E-HANDBOOK", "售后服务人员工作手册", "Service staff handbook"),
    ("E-BUDGET", "售后服务预算及费用台账", "After-sales budget and spend records"),
    ("E-MANUAL", "售后服务手册", "After-sales service manual"),
    ("E-WARRANTY", "三包及保修政策、保修卡样张", "Warranty policy and warranty card"),
    ("E-WORK-ORDERS", "维修工单记录", "Repair work orders"),
    ("E-SURVEY", "顾客满意度调查报告", "Customer satisfaction survey report"),
    ("E-COMPLAINTS", "投诉台账及分析报告", "Complaint ledger and analysis"),
    ("E-KPI", "服务绩效指标报告", "Service KPI report"),
    ("E-PLAN", "售后服务体系建设规划", "After-sales build-out plan"),
];

/// Free texts by id: Chinese, English.
#[rustfmt::skip]
const TEXTS: &[(&str, &str, &str)] = &[
    ("department", "客户服务中心", "Customer Service Centre"),
    ("head", "周明远（客户服务中心总经理）", "Chen Jing, Head of Customer Service"),
    ("supervision", "服务质量监督部", "Service Quality Office"),
    ("philosophy", "真诚到永远，服务零距离", "Easy to buy, easy to return: every question answered the same day."),
    ("onsite-topic", "上门时效", "on-site repair time"),
    ("hotline-topic", "服务热线时间", "hotline hours"),
    ("hotline-promise", "服务热线7×24小时在线", "Our hotline is open 24/7."),
    ("construction", "省会城市设自营服务中心，地级市委托合格服务商建站", "Own centres in provincial capitals; entrusted partners elsewhere."),
    ("cooperation", "按工单结算，年度评审优胜劣汰", "Paid per work order; partners reviewed every year."),
    ("outlet-management", "按季度现场检查与神秘顾客暗访", "Quarterly site inspections and mystery shopping."),
    ("fast-response", "CRM自动派单，超时升级至区域主管", "CRM dispatch; late jobs escalate to the regional lead."),
    ("technician", "家电维修技师", "Repair technician"),
    ("technician-licence", "家用电子产品维修工职业技能等级证书", "Household electronics repair certificate"),
    ("audience", "全体技师与坐席", "All agents and technicians"),
    ("budget", "售后服务运营（人员、网点结算、备件、培训）", "Service staff, partner fees, spare parts, training"),
    ("contingency", "召回及安全事故赔付准备金", "Recall and compensation reserve"),
    ("premises", "总部客户服务中心及省级服务中心", "Head-office service floor and regional centres"),
    ("crm", "云服务CRM平台", "Zendesk, linked to the order system"),
    ("care-1", "每年夏季空调免费清洗检测月", "Free summer check-up month"),
    ("care-2", "会员生日关怀与延保优惠", "Member birthday care and extended-warranty offer"),
    ("escalation", "24小时未解决升级至区域主管", "Complaints open after 72 hours go to the manager."),
    ("feedback", "每月召开产销服联席会议，整改措施下月验证", "Monthly returns-reason report to the buying team."),
    ("ca-issue", "部分网点上门超时", "Some partners late on site"),
    ("ca-action", "下调结算系数并限期整改", "Fee cut and a deadline to improve"),
    ("research", "研究院可靠性实验室，负责疑难故障分析", "Reliability lab for hard faults"),
    ("drafted", "参与起草团体标准《家用电器安装服务规范》", "Helped draft a group standard on installation"),
    ("award", "全国商业服务业顾客满意品牌", "National customer-satisfaction brand award"),
    ("owner", "客户服务中心", "Customer Service"),
];

/// Posts of the after-sales department: Chinese title, English title, duties.
#[rustfmt::skip]
const POSTS: &[(&str, &str, &str)] = &[
    ("客户服务经理", "Customer Service Manager", "Runs the department and its targets"),
    ("呼叫中心坐席", "Call Centre Agent", "Answers the hotline, opens and follows work orders"),
    ("技术支持工程师", "Support Engineer", "Remote diagnosis and outlet support"),
    ("投诉处理专员", "Complaints Officer", "Handles complaints to closure"),
    ("回访专员", "Return-visit Officer", "Return visits and satisfaction follow-up"),
];

/// KPIs: id, Chinese name, English name, unit, direction, target.
#[rustfmt::skip]
const KPIS: &[(&str, &str, &str, &str, &str, f64)] = &[
    ("csat", "顾客满意度", "Customer satisfaction", "percent", "higher", 90.0),
    ("answer_rate", "热线接通率", "Hotline answer rate", "percent", "higher", 90.0),
    ("fcr", "一次解决率", "First-contact resolution", "percent", "higher", 80.0),
    ("complaint_rate", "投诉率", "Complaint rate", "percent", "lower", 1.0),
    ("aht", "平均处理时长", "Average handling time", "seconds", "lower", 360.0),
    ("nps", "净推荐值", "Net promoter score", "score", "higher", 40.0),
    ("complaint_resolution_rate", "投诉解决率", "Complaint resolution rate", "percent", "higher", 95.0),
];

/// The build-out stages and their items.
#[rustfmt::skip]
const STAGES: [(&str, &[&str]); 3] = [
    ("preparation", &["positioning", "cost_accounting", "risk_assessment", "sales_strategy", "development_direction"]),
    ("organization", &["market_analysis", "cost_and_risk", "models", "handbook", "scripts", "training", "first_contacts"]),
    ("operation", &["hotline", "cooperation_terms", "regional_development", "fast_response"]),
];

/// A YAML text being written.
struct Yaml(String);

impl Yaml {
    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.0, "{:indent$}{text}", "");
    }

    /// `key: "value"`.
    fn str(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{key}: {}", quote(value)));
    }

    /// `key: value` for numbers, booleans, dates and flow lists already formatted.
    fn raw(&mut self, indent: usize, key: &str, value: impl std::fmt::Display) {
        self.line(indent, &format!("{key}: {value}"));
    }

    /// `key: true|false` with probability `p` of true.
    fn flag(&mut self, indent: usize, key: &str, rng: &mut Rng, p: f64) {
        self.raw(indent, key, rng.chance(p));
    }

    /// `evidence: [...]` when any of `wanted` is defined.
    fn evidence(&mut self, indent: usize, c: &Company, key: &str, wanted: &[&str]) {
        if let Some(list) = c.cite(wanted) {
            self.raw(indent, key, list);
        }
    }

    /// One `key: true|false` per key, each true with probability `p`.
    fn flags(&mut self, indent: usize, keys: &[&str], rng: &mut Rng, p: f64) {
        for key in keys {
            self.flag(indent, key, rng, p);
        }
    }

    /// A mapping of flags under `key`.
    fn section_of_flags(&mut self, indent: usize, key: &str, keys: &[&str], rng: &mut Rng, p: f64) {
        self.line(indent, &format!("{key}:"));
        self.flags(indent + 2, keys, rng, p);
    }

    fn strings<S: AsRef<str>>(&mut self, indent: usize, key: &str, items: &[S]) {
        self.line(indent, &format!("{key}:"));
        for item in items {
            self.line(indent + 2, &format!("- {}", quote(item.as_ref())));
        }
    }
}

/// A double-quoted YAML scalar: the one style in which any text is safe.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A date `days` before the audit date, as an ISO 8601 string.
fn days_ago(days: u64) -> String {
    let (y, m, d) = AS_OF;
    let as_of = NaiveDate::from_ymd_opt(y, m, d).expect("a valid audit date");
    let date = as_of
        .checked_sub_days(Days::new(days))
        .expect("a date in range");
    date.format("%Y-%m-%d").to_string()
}

/// A date `days` after the audit date.
fn days_ahead(days: u64) -> String {
    let (y, m, d) = AS_OF;
    let as_of = NaiveDate::from_ymd_opt(y, m, d).expect("a valid audit date");
    let date = as_of
        .checked_add_days(Days::new(days))
        .expect("a date in range");
    date.format("%Y-%m-%d").to_string()
}

/// How many days ago something recurring was last done: recent when mature, often stale when not.
fn age(rng: &mut Rng, c: &Company) -> u64 {
    if c.has(rng) {
        rng.int(5, 330)
    } else {
        rng.int(380, 1100)
    }
}

/// Writes one whole document.
fn document(rng: &mut Rng, profile: Profile, index: usize, huge: Option<Huge>) -> String {
    let c = Company::draw(rng, profile, huge.is_some());
    let mut y = Yaml(String::with_capacity(16 * 1024));
    let what = format!("profile {}, document {index}", profile.name());
    y.line(
        0,
        &format!("# {} — generated by gen_corpus ({what}); invented.", c.name),
    );
    y.line(0, "aftercert: 1");
    y.line(0, "");
    company(&mut y, rng, &c);
    organization(&mut y, rng, &c, profile);
    channels(&mut y, rng, &c);
    let outlets = huge.unwrap_or_else(|| Huge {
        count: profile.outlets(rng),
        lean: false,
    });
    network(&mut y, rng, &c, outlets);
    people(&mut y, rng, &c, profile);
    if profile != Profile::Young || c.has(rng) {
        resources(&mut y, rng, &c);
    }
    policies(&mut y, rng, &c, profile);
    customers(&mut y, rng, &c, profile);
    if profile != Profile::Young {
        improvement(&mut y, rng, &c);
    }
    buildout(&mut y, rng, &c, profile);
    evidence(&mut y, rng, &c);
    y.0
}

fn company(y: &mut Yaml, rng: &mut Rng, c: &Company) {
    let (id, _, _, products) = INDUSTRIES[c.industry];
    y.line(0, "company:");
    y.str(2, "name", &c.name);
    y.raw(2, "industry", id);
    let n = rng.int(1, products.len() as u64) as usize;
    let products: Vec<&str> = products[..n].iter().map(|(zh, en)| c.t(zh, en)).collect();
    y.strings(2, "product_categories", &products);
    let channels = [
        "[store]",
        "[store, online, phone]",
        "[online, phone]",
        "[store, direct]",
    ];
    y.raw(2, "sales_channels", rng.pick(&channels));
    let regions: Vec<&str> = c.regions.iter().map(|r| c.region(*r)).collect();
    y.strings(2, "sales_regions", &regions);
    y.raw(2, "language", if c.zh { "zh" } else { "en" });
    y.line(0, "");
}

fn organization(y: &mut Yaml, rng: &mut Rng, c: &Company, profile: Profile) {
    y.line(0, "organization:");
    y.line(2, "after_sales_department:");
    y.str(4, "name", c.say("department"));
    y.flag(4, "dedicated", rng, c.m);
    y.str(4, "head", c.say("head"));
    y.line(4, "posts:");
    let n = if profile == Profile::Young {
        2
    } else {
        POSTS.len()
    };
    for (k, (zh, en, duties)) in POSTS[..n].iter().enumerate() {
        y.line(6, &format!("- title: {}", quote(c.t(zh, en))));
        y.str(8, "duties", duties);
        y.raw(8, "headcount", if k == 0 { 1 } else { rng.int(1, 120) });
    }
    y.evidence(4, c, "evidence", &["E-ORGCHART"]);
    if profile != Profile::Young || c.has(rng) {
        y.line(2, "supervision:");
        y.str(4, "body", c.say("supervision"));
        let staff = if c.has(rng) { rng.int(1, 12) } else { 0 };
        y.raw(4, "full_time_staff", staff);
        let keys = [
            "rewards_and_penalties",
            "targets_reviewed",
            "internal_audit",
            "external_evaluation",
        ];
        y.flags(4, &keys, rng, c.m);
        y.evidence(4, c, "evidence", &["E-SUPERVISION"]);
    }
    let headcount = rng.int(3, 80);
    y.line(2, "service_management:");
    y.raw(4, "headcount", headcount);
    // The standard wants 10 % certified managers; mature companies mostly get there.
    let certified = (headcount as f64 * c.m * rng.unit() * 0.25).round() as u64;
    y.raw(4, "certified_managers", certified);
    y.evidence(4, c, "evidence", &["E-ROSTER"]);
    y.line(2, "philosophy:");
    y.str(4, "statement", c.say("philosophy"));
    y.flags(4, &["staff_briefed", "publicly_promoted"], rng, c.m);
    commitments(y, rng, c);
    y.line(0, "");
}

fn commitments(y: &mut Yaml, rng: &mut Rng, c: &Company) {
    y.line(2, "commitments:");
    let hours = rng.int(12, 48);
    let promise = match c.zh {
        true => format!("报修后{hours}小时内上门服务"),
        false => format!("A technician on site within {hours} hours of your call."),
    };
    // A less mature company words the same promise differently in one medium.
    let other = match c.has(rng) {
        true => promise.clone(),
        false => promise.replace(&hours.to_string(), &(hours + 24).to_string()),
    };
    y.line(4, "- id: onsite-time");
    y.str(6, "topic", c.say("onsite-topic"));
    y.str(6, "advert", &promise);
    y.str(6, "warranty_card", &promise);
    y.str(6, "website", &other);
    y.line(4, "- id: hotline-hours");
    y.str(6, "topic", c.say("hotline-topic"));
    for medium in [
        "advert",
        "warranty_card",
        "sales_contract",
        "website",
        "brochure",
    ] {
        if medium == "website" || c.has(rng) {
            y.str(6, medium, c.say("hotline-promise"));
        }
    }
}

fn channels(y: &mut Yaml, rng: &mut Rng, c: &Company) {
    y.line(0, "channels:");
    y.line(2, "hotlines:");
    let number = format!("400-{:03}-{:04}", rng.int(100, 999), rng.int(0, 9999));
    y.line(4, &format!("- number: {}", quote(&number)));
    y.flag(6, "dedicated", rng, c.m);
    let full = c.has(rng);
    y.raw(6, "days_per_week", if full { 7 } else { rng.int(5, 6) });
    y.raw(6, "hours_per_day", if full { 24 } else { rng.int(8, 12) });
    y.flag(6, "hours_published", rng, c.m);
    let topics = match full {
        true => "[product, technical, after_sales, complaints]",
        false => "[product, after_sales]",
    };
    y.raw(6, "topics", topics);
    y.raw(6, "answer_seconds", rng.int(10, 60));
    let others = [
        "online_chat",
        "email",
        "social_media",
        "chatbot",
        "website",
        "self_service_returns",
    ];
    for key in others {
        if !c.has(rng) {
            continue;
        }
        y.line(2, &format!("{key}:"));
        y.raw(4, "available", true);
        y.str(4, "address", &format!("https://service.example.cn/{key}"));
        y.str(4, "hours", if c.has(rng) { "24/7" } else { "09:00-21:00" });
        y.raw(4, "response_hours", rng.tenth(0.0, 24.0));
    }
    y.line(0, "");
}

fn network(y: &mut Yaml, rng: &mut Rng, c: &Company, outlets: Huge) {
    y.line(0, "network:");
    y.line(2, "outlets:");
    // Half the documents write outlets as flow mappings, like the fixtures do.
    let flow = rng.chance(0.5);
    let cites = c.cite(&["E-OUTLETS"]);
    for i in 0..outlets.count {
        let mut fields = outlet(rng, c, i);
        if outlets.lean {
            // id, region, staff.
            fields.swap(1, 2);
            fields.swap(2, 5);
            fields.truncate(3);
        } else if let Some(list) = &cites {
            fields.push(format!("evidence: {list}"));
        }
        if flow {
            y.line(4, &format!("- {{{}}}", fields.join(", ")));
        } else {
            y.line(4, &format!("- {}", fields[0]));
            for f in &fields[1..] {
                y.line(6, f);
            }
        }
    }
    let priority: Vec<&str> = c.regions.iter().take(3).map(|r| c.region(*r)).collect();
    y.strings(2, "priority_markets", &priority);
    if c.has(rng) {
        y.str(2, "construction_model", c.say("construction"));
        y.str(2, "cooperation_model", c.say("cooperation"));
        y.str(2, "outlet_management", c.say("outlet-management"));
        y.line(2, "fast_response:");
        y.str(4, "mechanism", c.say("fast-response"));
        y.raw(4, "target_hours", rng.int(1, 24));
    }
    y.line(0, "");
}

/// The fields of outlet `i`, written `key: value`; regions take turns, ids are unique.
fn outlet(rng: &mut Rng, c: &Company, i: usize) -> Vec<String> {
    let r = c.regions[i % c.regions.len()];
    let (zh, en, code, area) = REGIONS[r];
    let id = format!("{code}-{:02}", i / c.regions.len() + 1);
    let name = match c.zh {
        true => format!("{zh}服务中心{}号", i + 1),
        false => format!("{en} Service Point {}", i + 1),
    };
    let contact = format!("{area}-{:04}-{:04}", rng.int(1000, 9999), rng.int(0, 9999));
    vec![
        format!("id: {}", quote(&id)),
        format!("name: {}", quote(&name)),
        format!("region: {}", quote(c.region(r))),
        format!("mode: {}", rng.pick(&["own", "entrusted", "partner"])),
        format!("contact: {}", quote(&contact)),
        format!("staff: {}", rng.int(1, 30)),
    ]
}

fn people(y: &mut Yaml, rng: &mut Rng, c: &Company, profile: Profile) {
    y.line(0, "people:");
    if profile != Profile::Young {
        y.line(2, "qualifications:");
        let staff = rng.int(5, 300);
        let holders = ((staff as f64) * (0.5 + c.m / 2.0)).round() as u64;
        y.line(4, &format!("- post: {}", quote(c.say("technician"))));
        y.str(6, "requirement", c.say("technician-licence"));
        y.raw(6, "holders", holders.min(staff));
        y.raw(6, "staff", staff);
    }
    y.line(2, "training:");
    let topics = [
        "product",
        "technical",
        "customer_psychology",
        "service_culture",
        "law",
        "scripts",
    ];
    let frequencies = ["monthly", "quarterly", "half_yearly", "annual", "ad_hoc"];
    for topic in topics {
        if topic != "product" && !c.has(rng) {
            continue;
        }
        y.line(4, &format!("- topic: {topic}"));
        y.str(6, "audience", c.say("audience"));
        y.raw(6, "frequency", rng.pick(&frequencies));
        if profile != Profile::Young || c.has(rng) {
            y.raw(6, "last_held", days_ago(age(rng, c)));
        }
        y.evidence(6, c, "records", &["E-TRAINING"]);
    }
    for (key, id) in [("scripts", "E-SCRIPTS"), ("handbook", "E-HANDBOOK")] {
        y.line(2, &format!("{key}:"));
        y.flag(4, "available", rng, c.m);
        y.str(
            4,
            "version",
            &format!("V{}.{}", rng.int(1, 5), rng.int(0, 9)),
        );
        y.raw(4, "date", days_ago(age(rng, c)));
        y.evidence(4, c, "evidence", &[id]);
    }
    let incentives = ["appraisal", "rewards", "promotion", "staff_care"];
    y.section_of_flags(2, "incentives", &incentives, rng, c.m);
    y.line(0, "");
}

fn resources(y: &mut Yaml, rng: &mut Rng, c: &Company) {
    y.line(0, "resources:");
    y.line(2, "budget:");
    y.raw(4, "amount_cny", rng.int(20, 5000) * 10_000);
    y.str(4, "purpose", c.say("budget"));
    y.evidence(4, c, "evidence", &["E-BUDGET"]);
    if c.has(rng) {
        y.line(2, "contingency_fund:");
        y.raw(4, "amount_cny", rng.int(10, 500) * 10_000);
        y.str(4, "purpose", c.say("contingency"));
    }
    y.line(2, "facilities:");
    y.str(4, "premises", c.say("premises"));
    y.raw(4, "vehicles", rng.int(0, 100));
    y.flags(4, &["tool_list", "safety_measures"], rng, c.m);
    y.line(2, "spare_parts:");
    y.flag(4, "stock_list", rng, c.m);
    y.raw(4, "items", rng.int(50, 5000));
    y.raw(4, "supply_days", rng.int(1, 14));
    y.line(2, "crm:");
    y.str(4, "system", c.say("crm"));
    let crm = [
        "tracks_return_visits",
        "tracks_complaints",
        "privacy_safeguards",
    ];
    y.flags(4, &crm, rng, c.m);
    y.line(0, "");
}

fn policies(y: &mut Yaml, rng: &mut Rng, c: &Company, profile: Profile) {
    y.line(0, "policies:");
    if profile != Profile::Young {
        manual_and_laws(y, rng, c);
    }
    warranty(y, rng, c);
    y.line(2, "delivery:");
    y.raw(4, "delivery_days", rng.int(1, 7));
    y.flag(4, "installation", rng, 0.7);
    y.flags(4, &["installation_standard", "acceptance_record"], rng, c.m);
    y.line(2, "repair:");
    y.raw(4, "response_hours", rng.tenth(0.5, 48.0));
    if c.has(rng) {
        y.raw(4, "onsite_hours", rng.int(4, 72));
    }
    y.flag(4, "published_charges", rng, c.m);
    y.raw(4, "repair_warranty_days", rng.int(30, 180));
    y.flag(4, "work_orders", rng, c.m);
    y.evidence(4, c, "evidence", &["E-WORK-ORDERS"]);
    if profile != Profile::Young {
        let info = [
            "manuals",
            "labels",
            "warranty_disclosed",
            "service_contacts_disclosed",
        ];
        y.section_of_flags(2, "product_information", &info, rng, c.m);
        let support = ["usage_guidance", "customer_training", "remote_support"];
        y.section_of_flags(2, "technical_support", &support, rng, c.m);
        let take_back = ["offered", "trade_in", "sound_disposal"];
        y.section_of_flags(2, "take_back", &take_back, rng, c.m);
        let published = ["returns", "refunds", "complaints"];
        y.section_of_flags(2, "published", &published, rng, c.m);
    }
    y.line(0, "");
}

fn manual_and_laws(y: &mut Yaml, rng: &mut Rng, c: &Company) {
    y.line(2, "manual:");
    y.str(
        4,
        "version",
        &format!("V{}.{}", rng.int(1, 6), rng.int(0, 9)),
    );
    // Current within 36 months when mature; older (stale) otherwise.
    let age = if c.has(rng) {
        rng.int(30, 900)
    } else {
        rng.int(1100, 2000)
    };
    y.raw(4, "date", days_ago(age));
    #[rustfmt::skip]
    let covers = ["scope", "functions", "division_of_work", "operating_mechanism", "service_standards",
        "inspection", "complaints", "supervision"];
    let n = ((covers.len() as f64) * c.m).ceil() as usize;
    y.raw(4, "covers", format!("[{}]", covers[..n.max(1)].join(", ")));
    y.evidence(4, c, "evidence", &["E-MANUAL"]);
    y.line(2, "laws:");
    #[rustfmt::skip]
    let laws = ["中华人民共和国消费者权益保护法", "中华人民共和国产品质量法",
        "部分商品修理更换退货责任规定", "网络购买商品七日无理由退货暂行办法"];
    y.strings(4, "list", &laws);
    y.flag(4, "staff_aware", rng, c.m);
}

fn warranty(y: &mut Yaml, rng: &mut Rng, c: &Company) {
    y.line(2, "warranty:");
    // Now and then a stated term falls below the legal minimum: a special deduction.
    let lawful = rng.chance(0.85 + c.m * 0.15);
    y.raw(4, "return_days", if lawful { 7 } else { 5 });
    y.raw(4, "exchange_days", 15);
    let months = if c.has(rng) { 36 } else { *rng.pick(&[12, 24]) };
    y.raw(4, "free_repair_months", months);
    y.raw(4, "repair_completion_days", rng.pick(&[7, 15, 30]));
    y.raw(4, "failed_repairs_before_replacement", 2);
    y.raw(4, "refund_days", rng.int(3, 7));
    let no_reason = if rng.chance(0.9) { 7 } else { 5 };
    y.raw(4, "no_reason_return_days", no_reason);
    y.flag(4, "business_pays_return_transport", rng, 0.9);
    y.flag(4, "published", rng, c.m);
    if INDUSTRIES[c.industry].0 == "automotive" {
        y.line(4, "vehicle:");
        y.raw(6, "years", 2);
        y.raw(6, "km", 50_000);
    }
    y.evidence(4, c, "evidence", &["E-WARRANTY"]);
}

fn customers(y: &mut Yaml, rng: &mut Rng, c: &Company, profile: Profile) {
    y.line(0, "customers:");
    if profile != Profile::Young {
        y.section_of_flags(2, "archive", &["maintained", "service_history"], rng, c.m);
        y.line(2, "return_visits:");
        y.raw(4, "within_days", rng.int(1, 14));
        y.raw(4, "coverage_percent", (c.m * 100.0).round());
        y.raw(4, "method", rng.pick(&["phone", "sms", "online"]));
        y.flags(4, &["after_complaints", "findings_used"], rng, c.m);
        survey(y, rng, c);
        if c.has(rng) {
            y.strings(2, "proactive_care", &[c.say("care-1"), c.say("care-2")]);
        }
        complaints(y, rng, c);
    }
    kpis(y, rng, c);
    y.line(0, "");
}

fn survey(y: &mut Yaml, rng: &mut Rng, c: &Company) {
    y.line(2, "surveys:");
    let method = rng.pick(&["third_party", "online", "post_service"]);
    y.line(4, &format!("- method: {method}"));
    y.raw(
        6,
        "frequency",
        rng.pick(&["monthly", "half_yearly", "annual"]),
    );
    y.raw(6, "last_run", days_ago(age(rng, c)));
    y.raw(6, "result_percent", rng.tenth(75.0, 99.0));
    y.raw(6, "sample_size", rng.int(200, 50_000));
    y.evidence(6, c, "evidence", &["E-SURVEY"]);
}

fn complaints(y: &mut Yaml, rng: &mut Rng, c: &Company) {
    y.line(2, "complaints:");
    y.raw(4, "channels", "[hotline, online, email]");
    y.raw(4, "acknowledgement_hours", rng.int(1, 24));
    y.raw(4, "resolution_hours", rng.int(24, 120));
    #[rustfmt::skip]
    let flags = ["unique_id", "tracking", "triage", "investigation", "response_communicated",
        "external_recourse", "root_cause_analysis", "trend_analysis", "closure_record", "ledger",
        "satisfaction_measured", "audited", "management_review", "contingency_plan"];
    y.flags(4, &flags, rng, c.m);
    y.str(4, "escalation", c.say("escalation"));
    y.evidence(4, c, "evidence", &["E-COMPLAINTS"]);
}

fn kpis(y: &mut Yaml, rng: &mut Rng, c: &Company) {
    y.line(2, "kpis:");
    for (id, zh, en, unit, direction, target) in KPIS {
        if *id != "csat" && !c.has(rng) {
            continue;
        }
        y.line(4, &format!("- id: {id}"));
        y.str(6, "name", c.t(zh, en));
        y.raw(6, "unit", unit);
        y.raw(6, "direction", direction);
        y.raw(6, "target", target);
        if c.has(rng) {
            // Mature companies mostly meet their targets; the rest often miss.
            let better = rng.chance(c.m);
            let delta = target * rng.tenth(0.01, 0.15);
            let up = (*direction == "higher") == better;
            let actual = if up { target + delta } else { target - delta };
            y.raw(6, "actual", format!("{:.1}", actual.max(0.0)));
            y.raw(6, "period", "2026-H1");
            y.flag(6, "published", rng, 0.5);
        }
        y.evidence(6, c, "evidence", &["E-KPI"]);
    }
}

fn improvement(y: &mut Yaml, rng: &mut Rng, c: &Company) {
    y.line(0, "improvement:");
    y.str(2, "feedback_loop", c.say("feedback"));
    y.line(2, "corrective_actions:");
    for k in 0..rng.int(1, 3) {
        y.line(4, &format!("- id: CA-2026-{:02}", k + 1));
        y.str(6, "issue", c.say("ca-issue"));
        y.str(6, "action", c.say("ca-action"));
        y.raw(6, "date", days_ago(rng.int(20, 300)));
        y.flag(6, "closed", rng, c.m);
    }
    if c.has(rng) {
        y.str(2, "research_unit", c.say("research"));
    }
    if c.has(rng) {
        y.line(2, "certifications:");
        let until = days_ahead(rng.int(30, 900));
        y.line(
            4,
            &format!("- {{name: \"ISO 9001\", valid_until: {until}}}"),
        );
    }
    // Bonus items are rare: only the most mature companies have them.
    if rng.chance(c.m.powi(3)) {
        y.strings(2, "standard_setting", &[c.say("drafted")]);
        y.strings(2, "awards", &[c.say("award")]);
    }
    y.flag(2, "periodic_review", rng, c.m);
    y.line(0, "");
}

fn buildout(y: &mut Yaml, rng: &mut Rng, c: &Company, profile: Profile) {
    y.line(0, "buildout:");
    let cite = c.cite(&["E-PLAN"]).map(|l| format!(", evidence: {l}"));
    for (s, (stage, items)) in STAGES.iter().enumerate() {
        y.line(2, &format!("{stage}:"));
        for item in *items {
            // The later the stage and the younger the company, the less is done.
            let done = s == 0 || profile == Profile::Mature || rng.chance(c.m - 0.25 * s as f64);
            let status = if done {
                format!("status: done, completed: {}", days_ago(rng.int(200, 2500)))
            } else {
                let state = rng.pick(&["in_progress", "planned"]);
                // Some plans are already past their date: overdue.
                let planned = match rng.chance(0.15) {
                    true => days_ago(rng.int(1, 200)),
                    false => days_ahead(rng.int(10, 500)),
                };
                format!("status: {state}, planned: {planned}")
            };
            let cite = cite.as_deref().unwrap_or_default();
            y.line(4, &format!("{item}: {{{status}{cite}}}"));
        }
    }
    y.line(0, "");
}

fn evidence(y: &mut Yaml, rng: &mut Rng, c: &Company) {
    if c.evidence.is_empty() {
        return;
    }
    y.line(0, "evidence:");
    for (id, zh, en) in &c.evidence {
        y.line(2, &format!("- id: {id}"));
        y.str(4, "title", c.t(zh, en));
        let reference = format!("QMS/{}/{}", id.trim_start_matches("E-"), rng.int(1, 99));
        y.str(4, "reference", &reference);
        y.raw(4, "date", days_ago(age(rng, c)));
        y.str(4, "owner", c.say("owner"));
    }
}
