//! Trains the parser model from UD English EWT (and any `--also` treebank
//! files, GUM news in `scripts/train-parser.sh`) and writes it.
//!
//! ```text
//! train-parser --treebank ../shared/data/treebank --out data/parser/model.bin
//!              [--with-dev] [--eval FILE.conllu]... [--parser-epochs N]
//!              [--tagger-epochs N] [--seed N] [--threads N]
//!              [--also FILE.conllu [--fold K/N]]
//! ```
//!
//! `--also` trains on another treebank file as well; with `--fold K/N` its
//! sentences are cut into N contiguous blocks, block K (from 1) is left out
//! of training and is what `--eval FILE` scores for that file, so a file
//! trained on is still measured on sentences the model never saw
//! (cross-validation).

use armswatch_parse::conllu;
use armswatch_parse::eval::evaluate_with;
use armswatch_parse::train::{train_with_text, TrainOptions};
use armswatch_parse::Model;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

struct Args {
    treebank: PathBuf,
    out: Option<PathBuf>,
    with_dev: bool,
    eval: Vec<PathBuf>,
    /// Evaluate this model instead of training one.
    load: Option<PathBuf>,
    gold_tags: bool,
    /// Folder of JSON Lines articles (`text` fields) for word classes.
    corpus: Option<PathBuf>,
    /// More treebank files to train on.
    also: Vec<PathBuf>,
    /// (K, N): leave block K of N of the `also` files out of training.
    fold: Option<(usize, usize)>,
    opts: TrainOptions,
}

fn value<T: std::str::FromStr>(
    it: &mut impl Iterator<Item = String>,
    flag: &str,
) -> Result<T, String> {
    let v = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
    v.parse().map_err(|_| format!("{flag}: bad value {v:?}"))
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        treebank: PathBuf::from("../shared/data/treebank"),
        out: None,
        with_dev: false,
        eval: Vec::new(),
        load: None,
        gold_tags: false,
        corpus: None,
        also: Vec::new(),
        fold: None,
        opts: TrainOptions::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--treebank" => a.treebank = value(&mut it, &flag)?,
            "--out" => a.out = Some(value(&mut it, &flag)?),
            "--with-dev" => a.with_dev = true,
            "--eval" => a.eval.push(value(&mut it, &flag)?),
            "--load" => a.load = Some(value(&mut it, &flag)?),
            "--gold-tags" => a.gold_tags = true,
            "--corpus" => a.corpus = Some(value(&mut it, &flag)?),
            "--clusters" => a.opts.clusters = value(&mut it, &flag)?,
            "--parser-epochs" => a.opts.parser.epochs = value(&mut it, &flag)?,
            "--tagger-epochs" => a.opts.tagger_epochs = value(&mut it, &flag)?,
            "--seed" => a.opts.seed = value(&mut it, &flag)?,
            "--threads" => a.opts.threads = value(&mut it, &flag)?,
            "--prune" => a.opts.parser.prune = value(&mut it, &flag)?,
            "--ensemble" => a.opts.parser.ensemble = value(&mut it, &flag)?,
            "--also" => a.also.push(value(&mut it, &flag)?),
            "--fold" => a.fold = Some(fold(&value::<String>(&mut it, &flag)?)?),
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    a.opts.parser.seed = a.opts.seed;
    Ok(a)
}

fn fold(v: &str) -> Result<(usize, usize), String> {
    let bad = || format!("--fold {v:?}: expected K/N with 1 <= K <= N");
    let (k, n) = v.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (k.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
    if k == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// The sentences of block `k` of `n` (contiguous, so documents stay
/// together), or all but them.
fn block(
    sents: Vec<conllu::Sentence>,
    (k, n): (usize, usize),
    keep: bool,
) -> Vec<conllu::Sentence> {
    let len = sents.len();
    let range = (k - 1) * len / n..k * len / n;
    sents
        .into_iter()
        .enumerate()
        .filter(|(i, _)| range.contains(i) == keep)
        .map(|(_, s)| s)
        .collect()
}

fn read(path: &PathBuf) -> Result<Vec<conllu::Sentence>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    conllu::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), String> {
    let a = args()?;
    let bytes = match &a.load {
        Some(path) => std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?,
        None => train_model(&a)?,
    };
    let mut model = Model::from_bytes(&bytes).map_err(|e| e.to_string())?;
    if let Some(min) = std::env::var("PRUNE").ok().and_then(|v| v.parse().ok()) {
        model.prune(min);
        eprintln!(
            "pruned below {min}: {:.1} MB",
            model.to_bytes().len() as f64 / 1e6
        );
    }
    eprintln!("tagger, parser (rows, weights): {:?}", model.sizes());
    if let (Some(out), Some(_)) = (&a.out, &a.load) {
        std::fs::write(out, model.to_bytes()).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    for path in &a.eval {
        if std::env::var_os("CONFUSIONS").is_some() {
            for ((g, p), n) in armswatch_parse::eval::upos_confusions(&model, &read(path)?)
                .iter()
                .take(15)
            {
                eprintln!("  {g} -> {p}: {n}");
            }
        }
        if let Some(dump) = std::env::var_os("DUMP") {
            let mut text = String::new();
            for g in read(path)? {
                let forms: Vec<&str> = g.forms.iter().map(String::as_str).collect();
                text.push_str(&model.parse_forms(&forms).to_conllu());
            }
            std::fs::write(dump, text).map_err(|e| e.to_string())?;
        }
        let mut gold = read(path)?;
        if let (Some(f), true) = (a.fold, a.also.contains(path)) {
            gold = block(gold, f, true);
        }
        let s = evaluate_with(&model, &gold, a.gold_tags);
        eprintln!(
            "{}: UPOS {:.4} UAS {:.4} LAS {:.4} (full labels {:.4}), {:.0} tokens/s",
            path.display(),
            s.upos_accuracy(),
            s.uas(),
            s.las(),
            s.las_full(),
            s.tokens_per_s()
        );
    }
    Ok(())
}

fn train_model(a: &Args) -> Result<Vec<u8>, String> {
    let t0 = Instant::now();
    let mut sents = read(&a.treebank.join("en_ewt-ud-train.conllu"))?;
    if a.with_dev {
        sents.extend(read(&a.treebank.join("en_ewt-ud-dev.conllu"))?);
    }
    for path in &a.also {
        let more = read(path)?;
        sents.extend(match a.fold {
            Some(f) => block(more, f, false),
            None => more,
        });
    }
    let texts = match &a.corpus {
        Some(dir) => corpus_texts(dir)?,
        None => Vec::new(),
    };
    let raw: Vec<&str> = texts.iter().map(String::as_str).collect();
    eprintln!("{} raw texts for word classes", raw.len());
    let model = train_with_text(&sents, &raw, &a.opts, &mut |line| eprintln!("{line}"))
        .map_err(|e| e.to_string())?;
    let bytes = model.to_bytes();
    eprintln!(
        "trained in {:.1} s; model {:.1} MB",
        t0.elapsed().as_secs_f64(),
        bytes.len() as f64 / 1e6
    );
    if let Some(out) = &a.out {
        std::fs::write(out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    Ok(bytes)
}

/// The `text` of every line of every `.jsonl` file in `dir`, files in name order.
fn corpus_texts(dir: &PathBuf) -> Result<Vec<String>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        for line in text.lines() {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{}: {e}", f.display()))?;
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                out.push(t.to_string());
            }
        }
    }
    Ok(out)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train-parser: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(n: usize) -> Vec<conllu::Sentence> {
        let text: String = (0..n)
            .map(|i| format!("1\tw{i}\tw\tNOUN\tNN\t_\t0\troot\t_\t_\n\n"))
            .collect();
        conllu::parse(&text).expect("valid CoNLL-U")
    }

    #[test]
    fn the_held_out_block_and_the_training_rest_split_the_file() {
        let held: Vec<String> = block(sentences(5), (2, 2), true)
            .iter()
            .map(|s| s.forms[0].clone())
            .collect();
        let trained: Vec<String> = block(sentences(5), (2, 2), false)
            .iter()
            .map(|s| s.forms[0].clone())
            .collect();
        assert_eq!(held, ["w2", "w3", "w4"]);
        assert_eq!(trained, ["w0", "w1"]);
    }

    #[test]
    fn a_fold_is_k_of_n() {
        assert_eq!(fold("1/2"), Ok((1, 2)));
        assert!(fold("0/2").is_err());
        assert!(fold("3/2").is_err());
        assert!(fold("x").is_err());
    }
}
