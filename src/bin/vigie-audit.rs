//! `vigie-audit FILE.har…`: the extension's detectors on HAR captures, from
//! the command line or a CI job.
//!
//! Findings come grouped by site, in the popup's words (`--lang en|fr`), or
//! as JSON (`--json`). Exit status: 0 without high findings, 1 when any file
//! has a high-severity finding (a site owner's CI fails on it), 2 when a file
//! cannot be read or is not a HAR. Files are audited in parallel, one engine
//! each, on as many threads as the machine has cores.

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use vigie::har::{self, Audit, Catalogue, HarError, HarLimits, Lang, Session};
use vigie::matching::mask::mask;
use vigie::messages::event::ContactValue;
use vigie::{Engine, Limits, Severity};

const USAGE: &str = "usage: vigie-audit [--json] [--lang en|fr] [--jobs N] [--timing]
                   [--watch VALUE]… [--watch-file FILE] FILE.har…

  Audits HAR captures with Vigie's detectors and prints the findings by site.
  --json          one JSON document: every file's findings as the engine writes them
  --lang          language of the sentences (en, fr; default: from LANG, else en)
  --jobs N        files audited at once (default: the number of cores)
  --timing        print each file's size and audit time, and the throughput, to stderr
  --watch VALUE   one of your own values to find leaving the pages (repeatable), as
                  the extension's options page watches them: an e-mail address, a
                  phone number, or other text (4 characters or more); say the kind
                  with a prefix when it is not plain: name:Claire Martin,
                  custom:…, email:…, phone:…. A value found in clear, encoded or
                  hashed in a request to a third party is a leak. Values are never
                  printed in clear: findings and the JSON show them masked.
  --watch-file F  the same, one value per line (blank lines and lines starting
                  with # skipped); keeps the values out of the shell's history

  Exit status: 0 no high-severity finding, 1 a high-severity finding, 2 unreadable input.";

struct Options {
    json: bool,
    lang: Lang,
    jobs: usize,
    timing: bool,
    /// The person's own values, never printed in clear.
    watched: Vec<ContactValue>,
    files: Vec<String>,
}

/// One file's outcome.
struct Outcome {
    file: String,
    bytes: usize,
    seconds: f64,
    result: Result<Audit, FileError>,
}

enum FileError {
    Io(String),
    Har(HarError),
    /// The engine refused the watched values (by its error kind).
    Watch(&'static str),
}

impl FileError {
    fn kind(&self) -> &'static str {
        match self {
            FileError::Io(_) => "Unreadable",
            FileError::Har(e) => e.kind().as_str(),
            FileError::Watch(_) => "WatchRefused",
        }
    }

    fn message(&self) -> String {
        match self {
            FileError::Io(m) => m.clone(),
            FileError::Har(e) => e.message().to_owned(),
            FileError::Watch(kind) => format!("the engine refused the values to watch ({kind})"),
        }
    }
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1).collect()) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let outcomes = audit_all(&options.files, options.jobs, &options.watched);
    let wall = started.elapsed().as_secs_f64();

    let catalogue = Catalogue::get(options.lang);
    let mut stdout = std::io::stdout().lock();
    let printed = if options.json {
        writeln!(
            stdout,
            "{}",
            json_report(&outcomes, &options.watched, catalogue)
        )
    } else {
        let mut text = String::new();
        for o in &outcomes {
            match &o.result {
                Ok(audit) => text.push_str(&har::render_text(&o.file, audit, catalogue)),
                Err(e) => text.push_str(&format!("{}: {}: {}\n", o.file, e.kind(), e.message())),
            }
            text.push('\n');
        }
        write!(stdout, "{text}")
    };
    if printed.is_err() {
        return ExitCode::from(2);
    }
    if options.timing {
        let mut total = 0usize;
        for o in &outcomes {
            total += o.bytes;
            eprintln!(
                "{}: {} bytes in {:.3} s ({:.1} MB/s)",
                o.file,
                o.bytes,
                o.seconds,
                o.bytes as f64 / 1e6 / o.seconds.max(1e-9)
            );
        }
        eprintln!(
            "{} files, {} bytes in {:.3} s wall on {} threads ({:.1} MB/s)",
            outcomes.len(),
            total,
            wall,
            options.jobs,
            total as f64 / 1e6 / wall.max(1e-9)
        );
    }
    if outcomes.iter().any(|o| o.result.is_err()) {
        ExitCode::from(2)
    } else if outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok())
        .any(|a| a.worst() == Some(Severity::High))
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn parse_args(args: Vec<String>) -> Result<Options, String> {
    let default_lang = std::env::var("LANG")
        .ok()
        .and_then(|l| Lang::parse(&l))
        .unwrap_or(Lang::En);
    let mut options = Options {
        json: false,
        lang: default_lang,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        timing: false,
        watched: vec![],
        files: vec![],
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => options.json = true,
            "--timing" => options.timing = true,
            "--lang" => {
                let code = args.next().ok_or("--lang needs a language (en or fr)")?;
                options.lang =
                    Lang::parse(&code).ok_or(format!("unknown language `{code}` (en or fr)"))?;
            }
            "--jobs" => {
                let n = args.next().ok_or("--jobs needs a number")?;
                options.jobs = n
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("--jobs takes a positive number, not `{n}`"))?;
            }
            "--watch" => {
                let text = args.next().ok_or("--watch needs a value")?;
                let n = options.watched.len() + 1;
                let value = har::parse_own_value(&text)
                    .map_err(|e| format!("--watch: value {n} not taken: {e}"))?;
                options.watched.push(value);
            }
            "--watch-file" => {
                let path = args.next().ok_or("--watch-file needs a file")?;
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
                for (line, text) in text.lines().enumerate() {
                    if text.trim().is_empty() || text.trim_start().starts_with('#') {
                        continue;
                    }
                    let value = har::parse_own_value(text)
                        .map_err(|e| format!("{path}, line {}: not taken: {e}", line + 1))?;
                    options.watched.push(value);
                }
            }
            "-h" | "--help" => return Err("Vigie's HAR audit".to_owned()),
            "--" => options.files.extend(args.by_ref()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ => options.files.push(arg),
        }
    }
    if options.files.is_empty() {
        return Err("no HAR file given".to_owned());
    }
    let mut unique: Vec<ContactValue> = vec![];
    for value in options.watched.drain(..) {
        if !unique.contains(&value) {
            unique.push(value);
        }
    }
    options.watched = unique;
    let most = Limits::default().max_contact_values;
    if options.watched.len() > most {
        return Err(format!(
            "{} values to watch: the engine watches at most {most}",
            options.watched.len()
        ));
    }
    Ok(options)
}

/// Audits every file, `jobs` at a time; outcomes in the order given.
fn audit_all(files: &[String], jobs: usize, watched: &[ContactValue]) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<Option<Outcome>>> =
        Mutex::new((0..files.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(files.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(index) else {
                    break;
                };
                let outcome = audit_file(file, watched);
                if let Ok(mut all) = outcomes.lock() {
                    all[index] = Some(outcome);
                }
            });
        }
    });
    outcomes
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

fn audit_file(file: &str, watched: &[ContactValue]) -> Outcome {
    let started = Instant::now();
    let (bytes, result) = match std::fs::read(file) {
        Err(e) => (0, Err(FileError::Io(e.to_string()))),
        Ok(bytes) => {
            let engine = Engine::new();
            let result = har::read_bytes(&bytes, &engine, &HarLimits::default())
                .map_err(FileError::Har)
                .and_then(|capture| {
                    let mut session = Session::new(engine, capture);
                    session
                        .watch(watched.to_vec())
                        .map_err(|e| FileError::Watch(e.kind().as_str()))?;
                    session.step(usize::MAX);
                    Ok(session.finish())
                });
            (bytes.len(), result)
        }
    };
    Outcome {
        file: file.to_owned(),
        bytes,
        seconds: started.elapsed().as_secs_f64(),
        result,
    }
}

/// `{ vigieVersion, lang, watched: [{ kind, masked }], files: [{ file,
/// error? | summary, harCaps, health, sites: [{ site, findings: [finding +
/// its sentence] }] }] }`. The watched values are listed masked, so that
/// the person sees how each was taken, and the report can be shared.
fn json_report(outcomes: &[Outcome], watched: &[ContactValue], c: &Catalogue) -> String {
    use serde_json::{json, Value};
    let files: Vec<Value> = outcomes
        .iter()
        .map(|o| match &o.result {
            Err(e) => {
                json!({ "file": o.file, "error": { "kind": e.kind(), "message": e.message() } })
            }
            Ok(audit) => {
                let mut value = serde_json::to_value(audit).unwrap_or(Value::Null);
                // Each finding with its sentence in the chosen language.
                if let Some(sites) = value.get_mut("sites").and_then(Value::as_array_mut) {
                    for (site, original) in sites.iter_mut().zip(&audit.sites) {
                        let findings = site.get_mut("findings").and_then(Value::as_array_mut);
                        for (f, finding) in findings.into_iter().flatten().zip(&original.findings) {
                            if let Some(f) = f.as_object_mut() {
                                f.insert("sentence".into(), c.sentence(finding).into());
                            }
                        }
                    }
                }
                if let Some(object) = value.as_object_mut() {
                    object.insert("file".into(), o.file.clone().into());
                }
                value
            }
        })
        .collect();
    let doc = json!({
        "vigieVersion": env!("CARGO_PKG_VERSION"),
        "lang": c.lang().code(),
        "watched": watched
            .iter()
            .map(|v| json!({ "kind": v.kind, "masked": mask(v.kind, &v.value) }))
            .collect::<Vec<_>>(),
        "files": files,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
