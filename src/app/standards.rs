//! `aftercert standards list|show|lint|test` and `aftercert explain`.

use super::{Exit, library, print_diagnostics, print_stdout};
use crate::cli::{ExplainArgs, StandardsCommand, StandardsOpts};
use crate::diag::{Code, Diagnostic, has_errors};
use crate::evaluate::Context;
use crate::i18n::{Lang, Text, in_script, t};
use crate::report::markdown::md_escape;
use crate::score::{Status, judge};
use crate::standard::load::{
    Library, Loaded, Rule, RuleKind, collect_files, load_library, sources,
};
use crate::yaml::{Node, Pos, format_number};
use std::fmt::Write as _;

/// Runs a `standards` subcommand.
pub fn run(cmd: StandardsCommand) -> anyhow::Result<Exit> {
    match cmd {
        StandardsCommand::List(opts) => list(&opts),
        StandardsCommand::Show { id, std } => show(&id, &std),
        StandardsCommand::Lint { paths, lang } => lint(&paths, lang.unwrap_or_else(Lang::from_env)),
        StandardsCommand::Test { paths, as_of, lang } => {
            test(&paths, &as_of, lang.unwrap_or_else(Lang::from_env))
        }
    }
}

fn loaded(opts: &StandardsOpts) -> Result<Library, Exit> {
    let (lib, diags) = library(opts, &[]);
    print_diagnostics(
        &diags,
        &sources(&lib),
        opts.lang.unwrap_or_else(Lang::from_env),
    );
    if has_errors(&diags) {
        Err(Exit::Error)
    } else {
        Ok(lib)
    }
}

fn list(opts: &StandardsOpts) -> anyhow::Result<Exit> {
    let lib = match loaded(opts) {
        Ok(l) => l,
        Err(e) => return Ok(e),
    };
    let lang = opts.lang.unwrap_or_else(Lang::from_env);
    let mut out =
        String::from("| id | title | version | criteria | source |\n|---|---|---|---:|---|\n");
    for s in &lib.standards {
        let st = &s.standard;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            s.id(),
            md_escape(st.title.get(lang)),
            md_escape(&st.version),
            s.rules.len(),
            md_escape(Text::same(&st.source).get(lang))
        );
    }
    print_stdout(&out)?;
    Ok(Exit::Ok)
}

fn show(id: &str, opts: &StandardsOpts) -> anyhow::Result<Exit> {
    let lib = match loaded(opts) {
        Ok(l) => l,
        Err(e) => return Ok(e),
    };
    let lang = opts.lang.unwrap_or_else(Lang::from_env);
    let Some(s) = lib.get(id) else {
        let known: Vec<&str> = lib.standards.iter().map(Loaded::id).collect();
        let hint = crate::process::validate::suggest(id, known.iter().copied())
            .map(|h| format!(" (`{h}`?)"))
            .unwrap_or_default();
        let d = Diagnostic::error(
            Code::UnknownStandard,
            id,
            Pos::default(),
            Text::new(
                format!("未知的标准 `{id}`{hint}"),
                format!("unknown standard `{id}`{hint}"),
            ),
        )
        .expected(Text::same(known.join(", ")));
        print_diagnostics(&[d], &Default::default(), lang);
        return Ok(Exit::Error);
    };
    print_stdout(&checklist(s, lang))?;
    Ok(Exit::Ok)
}

/// Renders a standard as a checklist a consultant can hand to a client.
pub fn checklist(s: &Loaded, lang: Lang) -> String {
    let st = &s.standard;
    let mut out = format!(
        "# {} {} — {}\n\n",
        s.id(),
        st.version,
        md_escape(st.title.get(lang))
    );
    if let Some(d) = &st.description {
        let _ = writeln!(out, "{}\n", md_escape(d.get(lang)));
    }
    let _ = writeln!(out, "_{}_\n", md_escape(Text::same(&st.source).get(lang)));
    out.push_str(&format!(
        "| {} | min | ★ |\n|---|---:|---|\n",
        t(lang, "rating")
    ));
    for r in &st.ratings {
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} |",
            md_escape(r.label.get(lang)),
            r.id.value,
            format_number(r.min.value),
            "★".repeat(r.stars as usize)
        );
    }
    out.push('\n');
    for (si, sec) in st.sections.iter().enumerate() {
        let weight = sec
            .weight
            .as_ref()
            .map(|w| format!(" ({} {})", t(lang, "weight"), format_number(w.value)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "## {} {}{weight}\n",
            sec.clause.clone().unwrap_or_default(),
            md_escape(sec.title.get(lang))
        );
        for (ii, ind) in sec.indicators.iter().enumerate() {
            let _ = writeln!(
                out,
                "### {} {}\n",
                ind.clause.clone().unwrap_or_default(),
                md_escape(ind.title.get(lang))
            );
            for r in s
                .rules
                .iter()
                .filter(|r| r.kind == RuleKind::Scored && r.section == si && r.indicator == ii)
            {
                rule_item(&mut out, s, r, lang);
            }
        }
    }
    for (kind, key) in [
        (RuleKind::Deduction, "special-deductions"),
        (RuleKind::Bonus, "bonus"),
    ] {
        let rules: Vec<&Rule> = s.rules.iter().filter(|r| r.kind == kind).collect();
        if !rules.is_empty() {
            let _ = writeln!(out, "## {}\n", t(lang, key));
            for r in rules {
                rule_item(&mut out, s, r, lang);
            }
        }
    }
    out
}

/// How sure the points are, in words.
fn confidence_text(c: crate::standard::model::Confidence) -> Text {
    use crate::standard::model::Confidence as C;
    match c {
        C::Confirmed => Text::new("有来源确认", "confirmed"),
        C::Assumed => Text::new("假定值", "assumed"),
        C::SingleSource => Text::new("单一来源", "single source"),
    }
}

/// The ground of a special deduction, in words.
fn ground_text(g: crate::standard::model::Ground) -> Text {
    use crate::standard::model::Ground as G;
    match g {
        G::Law => Text::new("违反法律法规", "breach of law or regulation"),
        G::OwnRules => Text::new(
            "违反企业自身服务规定或承诺",
            "breach of the company's own service rules or commitments",
        ),
        G::Industry => Text::new(
            "违反行业特殊要求",
            "breach of an industry's specific requirements",
        ),
        G::System => Text::new("影响服务体系运行", "affects how the service system runs"),
    }
}

/// The auditor's texts of a rule that the standard gives beyond its title: requirement,
/// nonconformity, the deduction's ground and why it counts with other criteria, and the
/// hint for the document's author.
fn auditor_lines(r: &Rule, lang: Lang) -> Vec<(Text, String)> {
    let mut lines = Vec::new();
    if r.requirement != r.title {
        lines.push((
            Text::new("要求", "Requirement"),
            r.requirement.get(lang).to_string(),
        ));
    }
    if let Some(n) = &r.nonconformity {
        lines.push((
            Text::new("不符合项", "Nonconformity"),
            n.get(lang).to_string(),
        ));
    }
    if let Some(g) = r.ground {
        lines.push((
            Text::new("扣分依据", "Ground"),
            ground_text(g).get(lang).to_string(),
        ));
    }
    if !r.counts_with.is_empty() {
        let basis = r.basis.as_ref().map_or("", |b| b.get(lang));
        lines.push((
            Text::new("同一事实亦计入", "Also counted under"),
            format!("{} — {basis}", r.counts_with.join(", ")),
        ));
    }
    if let Some(h) = &r.hint {
        lines.push((
            Text::new("编写提示", "For the document's author"),
            h.get(lang).to_string(),
        ));
    }
    lines
}

fn rule_item(out: &mut String, s: &Loaded, r: &Rule, lang: Lang) {
    let conf = if r.confidence == crate::standard::model::Confidence::Confirmed {
        String::new()
    } else {
        format!(", {}", confidence_text(r.confidence).get(lang))
    };
    let _ = writeln!(
        out,
        "- [ ] **{}** `{}` ({} {}{conf})",
        md_escape(r.title.get(lang)),
        r.id,
        format_number((r.max_points * 100.0).round() / 100.0),
        t(lang, "points")
    );
    if !r.rationale.get(lang).is_empty() {
        let _ = writeln!(
            out,
            "  - {}: {}",
            t(lang, "rationale"),
            md_escape(r.rationale.get(lang))
        );
    }
    for (label, text) in auditor_lines(r, lang) {
        let _ = writeln!(out, "  - {}: {}", label.get(lang), md_escape(&text));
    }
    let ev: Vec<String> = r
        .evidence
        .iter()
        .map(|id| {
            s.standard
                .evidence
                .iter()
                .find(|e| e.id.value == *id)
                .map_or_else(|| id.clone(), |e| format!("{id} {}", e.title.get(lang)))
        })
        .collect();
    if !ev.is_empty() {
        let _ = writeln!(
            out,
            "  - {}: {}",
            t(lang, "evidence"),
            md_escape(&ev.join("; "))
        );
    }
    let _ = writeln!(
        out,
        "  - {}: {}",
        t(lang, "remediation"),
        md_escape(r.remediation.get(lang))
    );
}

fn lint(paths: &[std::path::PathBuf], lang: Lang) -> anyhow::Result<Exit> {
    let (files, mut diags) = collect_files(paths);
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    let (lib, more) = load_library(files);
    diags.extend(more);
    print_diagnostics(&diags, &sources(&lib), lang);
    let mut out = String::new();
    for n in &names {
        let errors = diags.iter().filter(|d| &d.file == n).count();
        let _ = writeln!(
            out,
            "{n}: {}",
            if errors == 0 {
                "ok".to_string()
            } else {
                format!("{errors} problem(s)")
            }
        );
    }
    print_stdout(&out)?;
    Ok(if has_errors(&diags) {
        Exit::Error
    } else {
        Exit::Ok
    })
}

fn test(paths: &[std::path::PathBuf], as_of: &str, lang: Lang) -> anyhow::Result<Exit> {
    let as_of = crate::evaluate::parse_date(as_of)
        .ok_or_else(|| anyhow::anyhow!("--as-of `{as_of}` is not a date (YYYY-MM-DD)"))?;
    let (files, mut diags) = collect_files(paths);
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    let (lib, more) = load_library(files);
    diags.extend(more);
    let chosen: Vec<&Loaded> = lib
        .standards
        .iter()
        .filter(|s| {
            if paths.is_empty() {
                s.file.starts_with("builtin:")
            } else {
                names.contains(&s.file)
            }
        })
        .collect();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut out = String::new();
    for s in chosen {
        for (i, r) in s.rules.iter().enumerate() {
            let Some(ex) = &r.examples else {
                diags.push(
                    Diagnostic::error(
                        Code::StandardExample,
                        &s.file,
                        r.pos,
                        Text::new(
                            format!("评价项 `{}` 没有 examples", r.id),
                            format!("criterion `{}` has no examples", r.id),
                        ),
                    )
                    .expected(Text::same("examples: {pass: …, fail: …}")),
                );
                failed += 1;
                continue;
            };
            let scoped = [
                ("not_applicable", ex.not_applicable.as_ref()),
                ("cannot_tell", ex.cannot_tell.as_ref()),
            ];
            let runs = [("pass", Some(&ex.pass)), ("fail", Some(&ex.fail))]
                .into_iter()
                .chain(scoped)
                .filter_map(|(w, d)| d.map(|d| (w, d)));
            for (which, doc) in runs {
                let status = run_example(i, r, doc, as_of);
                let (ok, expected) = example_holds(which, status);
                if ok {
                    passed += 1;
                } else {
                    failed += 1;
                    let msg = Text::new(
                        format!("评价项 `{}` 的 {which} 示例得到 {}", r.id, status.id()),
                        format!(
                            "criterion `{}`: its {which} example gives `{}`",
                            r.id,
                            status.id()
                        ),
                    );
                    diags.push(
                        Diagnostic::error(Code::StandardExample, &s.file, doc.pos, msg)
                            .expected(Text::same(expected)),
                    );
                }
                let _ = writeln!(out, "{} {}/{which}", if ok { "ok  " } else { "FAIL" }, r.id);
            }
        }
    }
    print_diagnostics(&diags, &sources(&lib), lang);
    let _ = writeln!(out, "examples: {passed} passed, {failed} failed");
    print_stdout(&out)?;
    Ok(if has_errors(&diags) || failed > 0 {
        Exit::Error
    } else {
        Exit::Ok
    })
}

/// Whether an example of this kind gave what it should, and what that is.
fn example_holds(which: &str, status: Status) -> (bool, &'static str) {
    match which {
        "pass" => (status == Status::Met, "met"),
        "fail" => (status.is_gap(), "partial or missing"),
        "not_applicable" => (status == Status::NotApplicable, "not-applicable"),
        _ => (status == Status::Undetermined, "undetermined"),
    }
}

/// Evaluates one rule against an example fragment (a document root).
/// The example gets the derived view a loaded document gets (`products[].effective`).
pub fn run_example(index: usize, rule: &Rule, doc: &Node, as_of: chrono::NaiveDate) -> Status {
    let mut doc = doc.clone();
    let _ = crate::process::normalize::derive(&mut doc, crate::yaml::Limits::default().max_nodes);
    let ctx = Context { root: &doc, as_of };
    let f = judge(index, rule, &ctx, None);
    match (rule.kind, f.status) {
        (RuleKind::Bonus, Status::Met) | (RuleKind::Deduction, Status::Met) => Status::Met,
        (_, s) => s,
    }
}

/// Runs `aftercert explain`.
pub fn explain(args: &ExplainArgs) -> anyhow::Result<Exit> {
    let lib = match loaded(&args.std) {
        Ok(l) => l,
        Err(e) => return Ok(e),
    };
    let lang = args.std.lang.unwrap_or_else(Lang::from_env);
    let Some((s, r)) = lib.rule(&args.criterion) else {
        let mut ids: Vec<(f64, &str)> = lib
            .rule_ids()
            .map(|id| (strsim::jaro_winkler(&args.criterion, id), id))
            .collect();
        ids.sort_by(|a, b| b.0.total_cmp(&a.0));
        let near: Vec<&str> = ids.iter().take(3).map(|(_, id)| *id).collect();
        let msg = Text::new(
            format!("未知的评价项 `{}`", args.criterion),
            format!("unknown criterion `{}`", args.criterion),
        );
        let d = Diagnostic::error(Code::UnknownCriterion, &args.criterion, Pos::default(), msg)
            .expected(Text::new(
                format!("最接近的编号：{}", near.join(", ")),
                format!("the nearest ids: {}", near.join(", ")),
            ));
        print_diagnostics(&[d], &Default::default(), lang);
        return Ok(Exit::Error);
    };
    print_stdout(&explanation(s, r, lang))?;
    Ok(Exit::Ok)
}

fn explanation(s: &Loaded, r: &Rule, lang: Lang) -> String {
    let mut out = format!("# {} — {}\n\n", r.id, r.title.get(lang));
    let _ = writeln!(
        out,
        "- {}: {} {}",
        t(lang, "standard"),
        s.id(),
        s.standard.version
    );
    let mut clauses: Vec<String> = r.clause.iter().map(|c| format!("{} {c}", s.id())).collect();
    clauses.extend(
        r.cites
            .iter()
            .map(|c| format!("{} {}", c.standard, c.clause)),
    );
    let clauses = clauses.join("; ");
    let _ = writeln!(
        out,
        "- {}: {}",
        t(lang, "clause"),
        in_script(lang, &clauses)
    );
    let conf = confidence_text(r.confidence).get(lang).to_string();
    let _ = writeln!(
        out,
        "- {}: {} ({conf})",
        t(lang, "points"),
        format_number((r.max_points * 100.0).round() / 100.0)
    );
    let _ = writeln!(
        out,
        "- {}: {}",
        t(lang, "severity"),
        t(lang, &format!("severity-{}", r.severity.id()))
    );
    let _ = writeln!(
        out,
        "\n## {}\n\n{}\n",
        t(lang, "rationale"),
        r.rationale.get(lang)
    );
    for (label, text) in auditor_lines(r, lang) {
        let _ = writeln!(out, "## {}\n\n{text}\n", label.get(lang));
    }
    let _ = writeln!(out, "## check\n\n```\n{}\n```\n", describe(&r.check));
    if let Some(a) = &r.applies_if {
        let _ = writeln!(out, "applies_if:\n\n```\n{}\n```\n", describe(a));
    }
    if !r.evidence.is_empty() {
        let _ = writeln!(out, "## {}\n", t(lang, "evidence"));
        for id in &r.evidence {
            let title = s
                .standard
                .evidence
                .iter()
                .find(|e| e.id.value == *id)
                .map_or("", |e| e.title.get(lang));
            let _ = writeln!(out, "- {id} {title}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "## {}\n\n{}",
        t(lang, "remediation"),
        r.remediation.get(lang)
    );
    out
}

/// A compact, readable rendering of a check.
pub fn describe(c: &crate::standard::model::Check) -> String {
    use crate::standard::model::Check as C;
    let list = |cs: &[crate::standard::spanned::Spanned<C>], sep: &str| {
        cs.iter()
            .map(|c| describe(&c.value))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match c {
        C::Present(p) => format!("present({})", p.value),
        C::Flag(p) => format!("{} = true", p.value),
        C::Compare {
            path,
            op,
            value,
            to,
            unit,
        } => format!(
            "{} {} {}{}",
            path.value,
            op.symbol(),
            value
                .map(format_number)
                .or_else(|| to.as_ref().map(|t| t.value.clone()))
                .unwrap_or_default(),
            unit.map(|u| format!(" {}", u.0.canonical()))
                .unwrap_or_default()
        ),
        C::OneOf { path, values } => format!("{} in [{}]", path.value, values.join(", ")),
        C::Count { path, filter, min } => format!(
            "count({}{}) ≥ {min}",
            path.value,
            filter
                .as_ref()
                .map(|f| format!(" where {}", f.keys().cloned().collect::<Vec<_>>().join(",")))
                .unwrap_or_default()
        ),
        C::Ratio {
            numerator,
            denominator,
            min,
        } => format!(
            "{} ÷ {} ≥ {}%",
            numerator.value,
            denominator.value,
            format_number(min * 100.0)
        ),
        C::Covers { path, of, also } => format!(
            "{} covers {}",
            std::iter::once(path.value.as_str())
                .chain(also.iter().map(|s| s.path.value.as_str()))
                .collect::<Vec<_>>()
                .join(" + "),
            of.value
        ),
        C::Recent { path, months } => format!("{} within {months} months", path.value),
        C::Current(kind) => match crate::records::kind(&kind.value) {
            Some(k) if k.expires => format!("every {} still valid", k.list),
            Some(k) => format!("every {}.{} within {} months", k.list, k.date, k.months),
            None => format!("current({})", kind.value),
        },
        C::Consistent { path, media } => {
            format!("{} consistent across [{}]", path.value, media.join(", "))
        }
        C::Each { path, check, .. } => format!("each {}: {}", path.value, describe(&check.value)),
        C::All(cs) => format!("all({})", list(cs, "; ")),
        C::Any(cs) => format!("any({})", list(cs, " | ")),
        C::Not(c) => format!("not({})", describe(&c.value)),
        C::Partial(cs) => format!("partial({})", list(cs, "; ")),
        C::AtLeast { n, of } => format!("at_least {n} of({})", list(of, " | ")),
        C::BestOf(cs) => format!("best_of({})", list(cs, " | ")),
        C::Statutory(s) => format!(
            "products[].effective.{} {} statutory {}",
            s.term,
            s.op.symbol(),
            s.figure.as_deref().unwrap_or(&s.term)
        ),
    }
}
