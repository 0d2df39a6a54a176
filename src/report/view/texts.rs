//! The texts a finding shows whatever the document — title, requirement, remediation,
//! evidence… — built once per run and criterion and shared by every finding of the
//! criterion, so a run's views hold one copy of a standard's texts, not one per document.

use super::*;

/// A value built once per run and shared by every view that shows it: cloning it copies a
/// pointer. It serializes as the value it holds, and reads as it (through `Deref`).
#[derive(Debug)]
pub struct Shared<T: ?Sized>(std::sync::Arc<T>);

impl<T> Shared<T> {
    /// Shares a value.
    pub fn new(value: T) -> Self {
        Shared(std::sync::Arc::new(value))
    }
}

impl<T: ?Sized> Shared<T> {
    /// Whether two handles share the same value (not merely equal ones).
    pub fn same(a: &Self, b: &Self) -> bool {
        std::sync::Arc::ptr_eq(&a.0, &b.0)
    }
}

impl<T: ?Sized> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(std::sync::Arc::clone(&self.0))
    }
}

impl<T: ?Sized> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: ?Sized + Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (*self.0).serialize(s)
    }
}

/// What a criterion says, whatever the document: a function of the standard (as the run's
/// policy tailored it) and the language only. Built once per run and criterion (see
/// [`Texts`]) and shared by every finding of that criterion, so a run's views do not copy
/// a standard's texts once per document.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionText {
    /// The criterion id.
    pub criterion: String,
    /// `scored`, `deduction` or `bonus`.
    pub kind: RuleKind,
    /// `confirmed`, `assumed` or `single_source`.
    pub confidence: Confidence,
    /// The confidence in words.
    pub confidence_label: String,
    /// `blocking`, `major`, `minor` or `advisory`.
    pub severity: Severity,
    /// Advice only.
    pub advisory: bool,
    /// Its clause.
    pub clause: Option<String>,
    /// Further clauses it answers to.
    pub cites: Vec<Citation>,
    /// Section title (scored criteria).
    pub section: Option<String>,
    /// Section id (scored criteria).
    pub section_id: Option<String>,
    /// Indicator title (scored criteria).
    pub indicator: Option<String>,
    /// Its title.
    pub title: String,
    /// The requirement in an auditor's words.
    pub requirement: String,
    /// The nonconformity as an auditor writes it up, when the standard gives one; a
    /// finding shows it for a gap only ([`FindingView::nonconformity`]).
    #[serde(skip)]
    pub nonconformity_text: Option<String>,
    /// For the document's author: which part of the document to fill (field paths); never
    /// part of the corrective action.
    pub hint: Option<String>,
    /// Special deductions: the ground (`law`, `own-rules`, `industry`, `system`).
    pub ground: Option<Ground>,
    /// The ground in words.
    pub ground_label: Option<String>,
    /// Special deductions: scored criteria the same fact also fails.
    pub counts_with: Vec<String>,
    /// Why the fact counts under both.
    pub basis: Option<String>,
    /// Special deductions counted with scored criteria: the sentence that says so.
    pub also_counted: Option<String>,
    /// Why it matters.
    pub rationale: String,
    /// The corrective action asked for.
    pub remediation: String,
    /// What to prepare for the auditor.
    pub evidence: Vec<EvidenceView>,
}

impl CriterionText {
    /// A criterion with a title and nothing else to say (for tests of formats).
    pub fn bare(criterion: &str, kind: RuleKind, severity: Severity) -> Shared<CriterionText> {
        Shared::new(CriterionText {
            criterion: criterion.into(),
            kind,
            confidence: Confidence::Confirmed,
            confidence_label: String::new(),
            severity,
            advisory: false,
            clause: None,
            cites: Vec::new(),
            section: None,
            section_id: None,
            indicator: None,
            title: criterion.into(),
            requirement: String::new(),
            nonconformity_text: None,
            hint: None,
            ground: None,
            ground_label: None,
            counts_with: Vec::new(),
            basis: None,
            also_counted: None,
            rationale: String::new(),
            remediation: String::new(),
            evidence: Vec::new(),
        })
    }
}

/// The texts of every criterion of a standard, in rule order, in a language.
fn criterion_texts(standard: &Loaded, lang: Lang) -> Vec<Shared<CriterionText>> {
    standard
        .rules
        .iter()
        .map(|rule| Shared::new(criterion_text(standard, rule, lang)))
        .collect()
}

/// What a criterion says, whatever the document.
fn criterion_text(standard: &Loaded, rule: &Rule, lang: Lang) -> CriterionText {
    let s = &standard.standard;
    let (section, section_id, indicator) = match rule.kind {
        RuleKind::Scored => {
            let sec = &s.sections[rule.section];
            (
                Some(sec.title.get(lang).to_string()),
                Some(sec.id.value.clone()),
                Some(sec.indicators[rule.indicator].title.get(lang).to_string()),
            )
        }
        _ => (None, None, None),
    };
    let evidence = rule
        .evidence
        .iter()
        .map(|id| EvidenceView {
            id: id.clone(),
            title: s
                .evidence
                .iter()
                .find(|e| e.id.value == *id)
                .map_or_else(|| clip(id), |e| clip(e.title.get(lang))),
        })
        .collect();
    CriterionText {
        criterion: rule.id.clone(),
        kind: rule.kind,
        confidence: rule.confidence,
        confidence_label: t(lang, rule.confidence.id()).to_string(),
        severity: rule.severity,
        advisory: rule.advisory,
        clause: rule
            .clause
            .as_deref()
            .map(|c| in_script(lang, c).to_string()),
        cites: rule.cites.iter().map(|c| cite(c, lang)).collect(),
        section,
        section_id,
        indicator,
        title: clip(rule.title.get(lang)),
        requirement: clip_long(rule.requirement.get(lang)),
        nonconformity_text: rule.nonconformity.as_ref().map(|n| clip_long(n.get(lang))),
        hint: rule.hint.as_ref().map(|h| clip_long(h.get(lang))),
        ground: rule.ground,
        ground_label: rule
            .ground
            .map(|g| t(lang, &format!("ground-{}", ground_id(g))).to_string()),
        counts_with: rule.counts_with.clone(),
        basis: rule.basis.as_ref().map(|b| clip_long(b.get(lang))),
        also_counted: also_counted(standard, rule, lang),
        rationale: rule.rationale.get(lang).to_string(),
        remediation: rule.remediation.get(lang).to_string(),
        evidence,
    }
}

/// The criterion texts of a run: each standard's, built the first time a view of it is
/// made in a language, then shared by every view of the run. One table per run: a run's
/// standards are told apart by where they are and by their id.
#[derive(Default)]
pub struct Texts {
    table: std::sync::Mutex<Vec<TextsOf>>,
}

/// One standard's criterion texts in one language.
struct TextsOf {
    /// Where the standard is (its address, only compared).
    standard: usize,
    id: String,
    lang: Lang,
    texts: std::sync::Arc<[Shared<CriterionText>]>,
}

impl Texts {
    /// An empty table.
    pub fn new() -> Self {
        Texts::default()
    }

    /// The texts of a standard's criteria, in rule order, in a language.
    pub fn of(&self, standard: &Loaded, lang: Lang) -> std::sync::Arc<[Shared<CriterionText>]> {
        let mut table = self
            .table
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let found = table
            .iter()
            .find(|e| e.standard == address(standard) && e.lang == lang && e.id == standard.id());
        if let Some(e) = found {
            return std::sync::Arc::clone(&e.texts);
        }
        let texts: std::sync::Arc<[Shared<CriterionText>]> = criterion_texts(standard, lang).into();
        table.push(TextsOf {
            standard: address(standard),
            id: standard.id().to_string(),
            lang,
            texts: std::sync::Arc::clone(&texts),
        });
        texts
    }
}

/// Where a standard is: what tells a run's standards apart with their ids.
fn address(standard: &Loaded) -> usize {
    std::ptr::from_ref(standard) as usize
}

/// A citation in the report's script: the law's and standard's names are data in
/// Simplified Chinese, so zh-TW converts them like the standards' texts.
fn cite(c: &Citation, lang: Lang) -> Citation {
    Citation {
        standard: in_script(lang, &c.standard).to_string(),
        clause: in_script(lang, &c.clause).to_string(),
    }
}

/// A standard's longer text (requirement, nonconformity, hint, basis), clipped as an
/// expected text is.
fn clip_long(s: &str) -> String {
    crate::yaml::clip(s, MAX_EXPECTED_CHARS)
}

/// A ground's stable id, as in standards and JSON.
pub fn ground_id(g: Ground) -> &'static str {
    match g {
        Ground::Law => "law",
        Ground::OwnRules => "own-rules",
        Ground::Industry => "industry",
        Ground::System => "system",
    }
}

/// "Also counted under 5.2.5 because …", for a special deduction counted with scored
/// criteria.
fn also_counted(standard: &Loaded, rule: &Rule, lang: Lang) -> Option<String> {
    if rule.counts_with.is_empty() {
        return None;
    }
    let named: Vec<String> = rule
        .counts_with
        .iter()
        .map(|id| {
            let other = standard.rules.iter().find(|r| r.id == *id);
            match other.and_then(|r| r.clause.as_deref()) {
                Some(clause) => {
                    let clause = in_script(lang, clause);
                    format!("{clause} {}", clip(other.map_or("", |r| r.title.get(lang))))
                }
                None => clip(id),
            }
        })
        .collect();
    let list = named.join(if lang.is_chinese() { "、" } else { "; " });
    Some(match &rule.basis {
        Some(b) => {
            let basis = clip_long(b.get(lang));
            let basis = basis.trim_end_matches(['.', '。', ';', '；', ' ']);
            t(lang, "also-counted")
                .replace("{c}", &list)
                .replace("{b}", basis)
        }
        None => t(lang, "also-counted-bare").replace("{c}", &list),
    })
}
