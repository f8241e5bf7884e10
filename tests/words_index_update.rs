//! The word index brought up to date from what a search holds, and written part by part: a
//! write that fails leaves the index as it was.

mod common;

use common::words::*;

/// After the browser's check, the index it took as written is made good from its own entries
/// that hold (the file is not read again): the sessions changed read again, the file written
/// again without the words only they had, and the answers those of the files.
#[test]
fn an_index_taken_as_written_is_brought_up_to_date_from_its_own_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let guide = common::guide();
    let notes = [
        ("Acme", "kiwi zyxwv"),
        ("Globex", "mango"),
        ("Hooli", "kiwi"),
    ];
    let (store, ids) = store_with(dir.path(), &notes);
    settle(&store, &ids);
    assert_agrees(&store, &guide, &["kiwi"]);
    let (order, stamps) = checked(&store, &guide);
    let refs: Vec<&str> = order.iter().map(String::as_str).collect();
    let written = store.search_index_as_written(&guide, &refs).expect("index");
    assert!(store
        .search_index_again(&written, &guide, &refs, &stamps, &|| true)
        .is_none());
    // The file written again meanwhile (another process): its table is not the one read, and
    // the index taken before does not hold, although every session's entry would.
    let before = store.search_index_as_written(&guide, &refs).expect("index");
    std::fs::remove_file(dir.path().join(WORDS)).expect("remove");
    assert_agrees(&store, &guide, &["kiwi"]);
    assert!(!store.search_index_holds(&before, &refs, &stamps));

    let text = std::fs::read_to_string(store.path(&ids[0])).expect("read");
    std::fs::write(store.path(&ids[0]), text.replace("kiwi zyxwv", "papaya")).expect("edit");
    settle(&store, &ids[..1]);
    std::fs::remove_file(store.path(&ids[1])).expect("remove");
    let (order, stamps) = checked(&store, &guide);
    let refs: Vec<&str> = order.iter().map(String::as_str).collect();
    let written = store.search_index_as_written(&guide, &refs).expect("index");
    let (index, write) = store
        .search_index_again(&written, &guide, &refs, &stamps, &|| true)
        .expect("changed");
    let hits = |term: &str| -> Vec<&str> {
        let hits = index.matching(&[term.to_string()]);
        refs.iter()
            .zip(hits)
            .filter_map(|(id, hit)| hit.then_some(*id))
            .collect()
    };
    assert_eq!(hits("papaya"), [ids[0].as_str()]);
    assert_eq!(hits("kiwi"), [ids[2].as_str()]);
    assert!(hits("zyxwv").is_empty() && hits("mango").is_empty());
    write.expect("a write").finish();
    let file = std::fs::read(dir.path().join(WORDS)).expect("index");
    let file = String::from_utf8_lossy(&file);
    assert!(file.contains("papaya") && file.contains("kiwi"), "{file}");
    assert!(!file.contains("zyxwv") && !file.contains("mango"), "{file}");
    assert_agrees(&store, &guide, &["kiwi", "papaya", "zyxwv", "mango"]);
    // Asked once: the same index asked again reads the file.
    let again = store.search_index_again(&written, &guide, &refs, &stamps, &|| true);
    assert!(again.is_some_and(|(_, write)| write.is_none()));
}

/// A tmpfs of `kib` KiB on a fresh folder, unmounted on drop; `None` without the right to mount.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(kib: u32) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k,mode=0700")])
            .arg("tmpfs")
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.0.path())
            .status();
    }
}

/// A write of the index that fails half way (the disk full) leaves the index as it was, whole,
/// and no temp file; the search still answers, from what it read. Once there is room, the index
/// is written.
#[test]
fn a_write_that_fails_leaves_the_old_index_and_the_search_answers() {
    let Some(disk) = Tmpfs::mount(2048) else {
        println!("skipped: no right to mount a tmpfs");
        return;
    };
    let guide = common::guide();
    let many: Vec<(String, String)> = (0..30)
        .map(|i| (format!("Customer {i}"), format!("kiwi{i} word{i}")))
        .collect();
    let notes: Vec<(&str, &str)> = many.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (store, ids) = store_with(disk.0.path(), &notes);
    settle(&store, &ids);
    assert_agrees(&store, &guide, &["kiwi1"]);
    let path = disk.0.path().join(WORDS);
    let before = std::fs::read(&path).expect("index");
    let text = std::fs::read_to_string(store.path(&ids[0])).expect("read");
    std::fs::write(store.path(&ids[0]), text.replace("kiwi0", "papaya")).expect("edit");
    settle(&store, &ids[..1]);

    let filler = disk.0.path().join("filler");
    let mut file = std::fs::File::create(&filler).expect("filler");
    let block = vec![b'x'; 4096];
    while std::io::Write::write_all(&mut file, &block).is_ok() {}
    drop(file);
    assert_eq!(found(&store, &guide, "papaya"), [ids[0].clone()]);
    assert!(found(&store, &guide, "kiwi0").is_empty());
    assert_eq!(std::fs::read(&path).expect("index"), before);
    let temps: Vec<String> = std::fs::read_dir(disk.0.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");

    std::fs::remove_file(&filler).expect("room again");
    assert_agrees(&store, &guide, &["papaya", "kiwi0", "kiwi1"]);
    let after = std::fs::read(&path).expect("index");
    assert!(String::from_utf8_lossy(&after).contains("papaya"));
}
