//! What arrives from a shared archive is data, never instructions. A teammate's machine, a
//! shared remote or a mistaken commit can put anything into the archive: links where journey's
//! folders are, journey's private folders, attributes that change how sessions merge, ignore
//! rules that stop sharing. This module refuses or overrides each, and checks the repository is
//! in a state a sync can work from.

use std::path::Path;

use anyhow::{bail, Result};

use super::git::Git;
use super::sync::{write_if_changed, GITATTRIBUTES, GITIGNORE};

/// journey's folders in the data folder: real folders, never links.
pub const FOLDERS: [&str; 6] = ["sessions", "trash", "locks", "codes", "rescued", "exports"];

/// Top-level names that are this folder's own and never shared (the ignore rules' list).
const PRIVATE: [&str; 7] = [
    "index.jsonl",
    "words.idx",
    "rows.cache",
    "locks",
    "trash",
    "rescued",
    "exports",
];

/// Removes links standing where journey's folders belong (the link only, never what it points
/// to) and puts a real folder there; returns what it did, for the report.
pub fn repair_links(data_dir: &Path) -> Result<Vec<String>> {
    let mut done = Vec::new();
    for name in FOLDERS {
        let path = data_dir.join(name);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.file_type().is_symlink() {
            continue;
        }
        let target = std::fs::read_link(&path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        std::fs::remove_file(&path)?;
        crate::session::create_private_dir(&path)?;
        done.push(format!(
            "refused: {name} was a link (to {target}); journey's folders are real folders: the link is removed, nothing it pointed to was touched"
        ));
    }
    Ok(done)
}

/// journey's attributes and ignore rules, written where git gives them precedence over the
/// archive's own files (`.git/info/attributes` wins over every `.gitattributes`). Sessions and
/// codes are added with `--force`, so no ignore rule from the archive stops them being shared.
pub fn enforce_local_rules(git: &Git) -> Result<()> {
    let info = git.git_path("info");
    std::fs::create_dir_all(&info)?;
    // Nothing from the archive filters, converts or re-encodes a session, and only journey
    // merges one.
    let attributes = format!(
        "# journey: these win over any .gitattributes in the archive\n\
         * -filter -ident -text !eol !working-tree-encoding !merge\n{GITATTRIBUTES}"
    );
    write_if_changed(&info.join("attributes"), &attributes)?;
    write_if_changed(&info.join("exclude"), GITIGNORE)?;
    Ok(())
}

/// Where the archive's `.gitattributes` and `.gitignore` differ from journey's: journey's apply
/// here all the same, and `sync status` says so.
pub fn settings_warnings(git: &Git) -> Vec<String> {
    let mut out = Vec::new();
    for (name, ours) in [(".gitattributes", GITATTRIBUTES), (".gitignore", GITIGNORE)] {
        let theirs = std::fs::read_to_string(git.dir().join(name)).unwrap_or_default();
        if theirs != ours && !theirs.is_empty() {
            out.push(format!(
                "warning: the archive's {name} differs from journey's; journey's rules apply here (it is reset at the next sync)"
            ));
        }
    }
    let nested = git
        .lines(&["ls-files", "--", "*/.gitattributes", "*/.gitignore"])
        .unwrap_or_default();
    for path in nested {
        out.push(format!(
            "warning: the archive carries {path}; journey's rules apply here instead"
        ));
    }
    out
}

/// Refuses to sync from a state git was left in mid-way (a rebase, a cherry-pick, another
/// branch): a sync from there could report success while a committed edit is left out.
pub fn check_state(git: &Git) -> Result<()> {
    let dir = git.dir().display().to_string();
    let states = [
        (
            "rebase-merge",
            "a rebase",
            "git rebase --continue` or `git rebase --abort",
        ),
        (
            "rebase-apply",
            "a rebase or `git am`",
            "git rebase --abort` or `git am --abort",
        ),
        (
            "CHERRY_PICK_HEAD",
            "a cherry-pick",
            "git cherry-pick --abort",
        ),
        ("REVERT_HEAD", "a revert", "git revert --abort"),
        ("BISECT_LOG", "a bisect", "git bisect reset"),
    ];
    for (file, what, fix) in states {
        if git.git_path(file).exists() {
            bail!(
                "{dir} is in the middle of {what}, so a sync could leave committed work out: \
                 finish it with `cd {dir} && {fix}`, then run `journey sync` again"
            );
        }
    }
    if !git.has_commits() {
        return Ok(());
    }
    let branch = git
        .run(&["symbolic-ref", "-q", "--short", "HEAD"])
        .unwrap_or_default();
    let branch = branch.trim();
    if branch != super::sync::BRANCH {
        let now = if branch.is_empty() {
            "no branch (a detached HEAD)".to_string()
        } else {
            format!("branch `{branch}`")
        };
        bail!(
            "{dir} is on {now}, not on `{}`, which the team archive shares: \
             run `cd {dir} && git switch {}` (commit or keep what that branch holds first), then `journey sync`",
            super::sync::BRANCH,
            super::sync::BRANCH
        );
    }
    Ok(())
}

/// The entries of `rev` a sync must not bring in: links and submodules anywhere, and anything
/// at the names this folder keeps to itself.
pub fn refused_entries(git: &Git, rev: &str) -> Result<Vec<(String, &'static str)>> {
    let out = git.output(&["ls-tree", "-r", "-t", "-z", "--full-tree", rev])?;
    let mut refused = Vec::new();
    for entry in out.stdout.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((info, path)) = entry.split_once('\t') else {
            continue;
        };
        let mode = info.split(' ').next().unwrap_or_default();
        let top = path.split('/').next().unwrap_or_default();
        let why = if mode == "120000" {
            "a symbolic link"
        } else if mode == "160000" {
            "a submodule"
        } else if PRIVATE.contains(&top) || top.starts_with(".journey-") {
            "one of journey's private files, which are never shared"
        } else {
            continue;
        };
        // A refused folder covers what is inside it.
        if !refused
            .iter()
            .any(|(p, _): &(String, _)| path.starts_with(&format!("{p}/")))
        {
            refused.push((path.to_string(), why));
        }
    }
    Ok(refused)
}

/// `upstream` without what [`refused_entries`] finds: a commit on top of it that removes them
/// (so the next push removes them from the archive too), or `upstream` itself when it is clean.
pub fn sanitized(git: &Git, upstream: &str) -> Result<(String, Vec<String>)> {
    let refused = refused_entries(git, upstream)?;
    if refused.is_empty() {
        return Ok((upstream.to_string(), Vec::new()));
    }
    let index = git.git_path("journey-sanitize.index");
    let _ = std::fs::remove_file(&index);
    let env = [("GIT_INDEX_FILE", index.as_os_str())];
    git.run_env(&["read-tree", upstream], &env)?;
    // Forced: only the temporary index changes, whatever this folder holds at that name.
    let mut args = vec!["rm", "-r", "-q", "--cached", "-f", "--ignore-unmatch", "--"];
    args.extend(refused.iter().map(|(p, _)| p.as_str()));
    git.run_env(&args, &env)?;
    // A link that replaced one of journey's folders came with the deletion of everything in
    // it: the folder as both sides last shared it stands instead, so no session is "deleted".
    let shared = git.run(&["merge-base", "HEAD", upstream]).ok();
    for (path, _) in &refused {
        let Some(base) = shared.as_deref().map(str::trim) else {
            break;
        };
        let folder = FOLDERS.contains(&path.as_str());
        if folder && git.ok(&["cat-file", "-e", &format!("{base}:{path}")]) {
            let prefix = format!("--prefix={path}/");
            git.run_env(&["read-tree", &prefix, &format!("{base}:{path}")], &env)?;
        }
    }
    let tree = git.run_env(&["write-tree"], &env)?;
    let _ = std::fs::remove_file(&index);
    let mut message = "journey sync: refused what the archive must not carry\n\n".to_string();
    let lines: Vec<String> = refused
        .iter()
        .map(|(path, why)| {
            format!(
                "refused from the archive: {path} is {why}; it was not followed nor checked out"
            )
        })
        .collect();
    message.push_str(&lines.join("\n"));
    let commit = git.run(&["commit-tree", tree.trim(), "-p", upstream, "-m", &message])?;
    Ok((commit.trim().to_string(), lines))
}

/// A name as a git identity: no angle brackets, line breaks or control characters, which would
/// break the identity or set its e-mail.
pub fn safe_ident(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    // git also refuses a name made only of such characters as `.`, `,`, `;` or `"`.
    let joined = words.join(" ");
    if joined.chars().any(char::is_alphanumeric) {
        joined
    } else {
        "journey".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_becomes_a_safe_git_identity() {
        assert_eq!(safe_ident("<Sam Lee>"), "Sam Lee");
        assert_eq!(safe_ident("Sam <evil@x>"), "Sam evil@x");
        assert_eq!(safe_ident("Ana\nGit\u{1}"), "Ana Git");
        assert_eq!(safe_ident("<>"), "journey");
        assert_eq!(safe_ident("  Zoë   Ng "), "Zoë Ng");
    }
}
