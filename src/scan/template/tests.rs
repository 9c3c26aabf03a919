//! Unit tests of the slot finder: edits, slots and the twin rule on short texts.

use super::*;
use crate::scan::verify::{align, AlignOptions};

fn key(s: &str) -> Vec<u16> {
    s.chars()
        .filter_map(crate::scan::keys::fold)
        .map(crate::scan::keys::code)
        .collect()
}

fn side(key: &[u16]) -> Side<'_> {
    Side { key, spans: None }
}

fn text(k: &[u16], r: (usize, usize)) -> String {
    k[r.0..r.1]
        .iter()
        .map(|&c| char::from_u32(u32::from(c)).unwrap())
        .collect()
}

/// The slots of `a` against `b` as `(a text, b text, kind)`, over their alignment.
fn slots_of(a: &str, b: &str) -> (Vec<(String, String, Kind)>, Option<usize>) {
    let (ka, kb) = (key(a), key(b));
    let (locals, _) = align(&ka, &kb, &AlignOptions::default(), |_| true);
    let (sa, sb) = (side(&ka), side(&kb));
    let found = slots(sa, sb, &edits(&ka, &kb, &locals))
        .into_iter()
        .map(|s| (text(&ka, s.a), text(&kb, s.b), s.kind))
        .collect();
    (found, twins(sa, sb, &locals).map(|t| t.len()))
}

fn owned(v: &[(&str, &str, Kind)]) -> Vec<(String, String, Kind)> {
    v.iter()
        .map(|&(a, b, k)| (a.to_string(), b.to_string(), k))
        .collect()
}

const QUAKE: &str = "国家主席习近平就土耳其发生强烈地震向土耳其总统埃尔多安致慰问电。习近平指出，惊悉土耳其东南部发生强烈地震，造成重大人员伤亡和财产损失。我谨代表中国政府和中国人民，并以个人的名义，对遇难者表示深切哀悼，向伤者和遇难者家属致以诚挚慰问，祝愿伤者早日康复。";

#[test]
fn a_recurring_name_and_a_date_make_twins() {
    let a = format!("新华社北京2月6日电 2月6日，{QUAKE}");
    let b = a
        .replace("土耳其", "墨西哥")
        .replace("埃尔多安", "洛佩斯")
        .replace("2月6日", "9月8日")
        .replace("东南部", "西南部");
    let (found, twin) = slots_of(&a, &b);
    use Kind::*;
    assert_eq!(
        found,
        owned(&[
            ("2月6日", "9月8日", Number),
            ("2月6日", "9月8日", Number),
            ("土耳其", "墨西哥", Word),
            ("土耳其", "墨西哥", Word),
            ("埃尔多安", "洛佩斯", Word),
            // 土耳其东南部/墨西哥西南部: four chars in a row differ.
            ("土耳其东", "墨西哥西", Word),
        ])
    );
    assert_eq!(twin, Some(6));
}

#[test]
fn scattered_ocr_errors_are_a_copy() {
    let a = format!("新华社北京2月6日电 2月6日，{QUAKE}");
    // Single substitutions, a doubled char, a dropped clause, one pair of
    // adjacent errors (家属/冢厉) and one wrong digit: two substantive slots
    // among single-char ones.
    let b = a
        .replacen("2月6日", "2月8日", 1)
        .replace("遇难者表示", "遇滩者表示")
        .replace("慰问电", "尉问电")
        .replace("哀悼", "哀掉")
        .replace("政府", "政俯")
        .replace("早日", "早早日")
        .replace("造成重大人员伤亡和财产损失。", "")
        .replace("家属", "冢厉");
    let (found, twin) = slots_of(&a, &b);
    let substantive: Vec<_> = found.iter().filter(|s| s.2 != Kind::Minor).collect();
    assert_eq!(substantive.len(), 2, "{found:?}");
    assert_eq!(found.len() - substantive.len(), 4, "{found:?}");
    assert_eq!(twin, None);
}

#[test]
fn two_slots_that_do_not_recur_are_a_copy() {
    // A reprint with another reporter's name and one misread number.
    let a = format!("{QUAKE}（记者王立彬）{QUAKE}全年增长1.2%。{QUAKE}");
    let b = format!("{QUAKE}（记者刘华）{QUAKE}全年增长1.7%。{QUAKE}");
    let (found, twin) = slots_of(&a, &b);
    use Kind::*;
    assert_eq!(
        found,
        owned(&[("王立彬", "刘华", Word), ("12", "17", Number)])
    );
    assert_eq!(twin, None);
    // The same replacement twice is a filled-in template.
    let b = a.replacen("土耳其", "墨西哥", 2);
    assert_eq!(slots_of(&a, &b).1, Some(2));
    let once = a.replacen("土耳其", "墨西哥", 1);
    assert_eq!(slots_of(&a, &once).1, None);
}

#[test]
fn noise_outweighs_slots() {
    // Two dates and two names, but five single-char errors: a noisy copy.
    let a = format!("新华社北京2月6日电 {QUAKE}{QUAKE}");
    let twin = a
        .replacen("2月6日", "9月8日", 1)
        .replacen("习近平", "李克强", 1)
        .replacen("东南部", "西北部", 1);
    let mut b = twin.clone();
    for (from, to) in [
        ("惊悉", "惊息"),
        ("财产", "材产"),
        ("名义", "名议"),
        ("深切", "深功"),
        ("诚挚", "诚势"),
    ] {
        b = b.replacen(from, to, 1);
    }
    let (found, verdict) = slots_of(&a, &b);
    let substantive = found.iter().filter(|s| s.2 != Kind::Minor).count();
    assert_eq!(substantive, 3, "{found:?}");
    assert_eq!(verdict, None, "{found:?}");
    // Without the noise they are twins.
    assert_eq!(slots_of(&a, &twin).1, Some(3));
}

#[test]
fn two_char_slots_alone_are_adjacent_ocr_errors() {
    // Three places where two chars in a row were misread, nothing else:
    // no number, nothing recurs.
    let a = format!("{QUAKE}{QUAKE}");
    let b = a
        .replacen("惊悉", "倞恶", 1)
        .replacen("财产", "材严", 1)
        .replacen("诚挚", "成势", 1);
    let (found, verdict) = slots_of(&a, &b);
    assert!(found.iter().all(|s| s.2 == Kind::Word), "{found:?}");
    assert_eq!(found.len(), 3);
    assert_eq!(verdict, None);
}

#[test]
fn insertions_and_deletions_are_not_slots() {
    let a = format!("{QUAKE}中国人民同土耳其人民感同身受。{QUAKE}");
    let b =
        format!("{QUAKE}据当地媒体报道，地震发生在当地时间凌晨。中国人民同土耳其人民感同身受。")
            + &QUAKE.replace("早日", "");
    let (found, twin) = slots_of(&a, &b);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(twin, None);
}

#[test]
fn edits_split_clustered_errors_and_find_gaps_between_passages() {
    // Two errors with two clean chars between them: two single-char edits.
    let a = key("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉");
    let b = key("甲乙丙丁戊天庚辛地癸子丑寅卯辰巳午未申酉");
    let whole = |x: &[u16], y: &[u16]| Local {
        a: (0, x.len()),
        b: (0, y.len()),
    };
    assert_eq!(
        edits(&a, &b, &[whole(&a, &b)]),
        [
            Edit {
                a: (5, 6),
                b: (5, 6)
            },
            Edit {
                a: (8, 9),
                b: (8, 9)
            }
        ]
    );
    // A stretch between two passages is diffed like one inside a passage.
    let locals = [
        Local {
            a: (0, 5),
            b: (0, 5),
        },
        Local {
            a: (8, 20),
            b: (9, 21),
        },
    ];
    let b = key("甲乙丙丁戊天地玄壬癸子丑寅卯辰巳午未申酉");
    let b = [&b[..5], &key("天地玄黄"), &b[8..]].concat();
    assert_eq!(b.len(), 21);
    assert_eq!(
        slots(side(&a), side(&b), &edits(&a, &b, &locals)),
        [Slot {
            a: (5, 8),
            b: (5, 9),
            kind: Kind::Word
        }]
    );
}

#[test]
fn numbers_are_one_slot_with_their_unit() {
    let a = key("预计8月5日08时至6日08时四川盆地西部");
    let b = key("预计7月12日20时至13日20时四川盆地西部");
    let local = Local {
        a: (0, a.len()),
        b: (0, b.len()),
    };
    let found: Vec<(String, String)> = slots(side(&a), side(&b), &edits(&a, &b, &[local]))
        .into_iter()
        .inspect(|s| assert_eq!(s.kind, Kind::Number))
        .map(|s| (text(&a, s.a), text(&b, s.b)))
        .collect();
    let found: Vec<(&str, &str)> = found
        .iter()
        .map(|(x, y)| (x.as_str(), y.as_str()))
        .collect();
    assert_eq!(
        found,
        [("8月5日08时", "7月12日20时"), ("6日08时", "13日20时")]
    );
}

#[test]
fn long_rewrites_are_not_slots() {
    let a = format!("{QUAKE}会议强调要坚持稳中求进工作总基调完整准确全面贯彻新发展理念。{QUAKE}");
    let b = format!("{QUAKE}各地区各部门要切实增强责任感使命感紧迫感扎实推进各项工作。{QUAKE}");
    let (found, twin) = slots_of(&a, &b);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(twin, None);
}

/// `a` with edits at least ten chars apart: (position, chars removed, chars put in).
fn edited(a: &[u16], edits: &[(usize, usize, Vec<u16>)]) -> Vec<u16> {
    let mut b = Vec::new();
    let mut at = 0;
    for (gap, cut, put) in edits {
        let start = (at + 10 + gap).min(a.len());
        b.extend_from_slice(&a[at..start]);
        b.extend_from_slice(put);
        at = (start + cut).min(a.len());
    }
    b.extend_from_slice(&a[at..]);
    b
}

proptest::proptest! {
    /// Between two edits the keys agree char for char, and the edits
    /// account for every difference: the walk is a diff of the passage.
    #[test]
    fn edits_are_a_diff(
        a in proptest::collection::vec(0x4e00u16..0x4e32, 40..200),
        changes in proptest::collection::vec(
            (0usize..30, 0usize..4, proptest::collection::vec(0x4e00u16..0x4e32, 0..4)),
            0..8,
        ),
    ) {
        let b = edited(&a, &changes);
        let whole = Local { a: (0, a.len()), b: (0, b.len()) };
        let found = edits(&a, &b, &[whole]);
        let (mut i, mut j) = (0, 0);
        for e in &found {
            proptest::prop_assert!(e.a.0 >= i && e.b.0 >= j, "{found:?}");
            proptest::prop_assert_eq!(e.a.0 - i, e.b.0 - j);
            proptest::prop_assert_eq!(&a[i..e.a.0], &b[j..e.b.0]);
            proptest::prop_assert!(a[e.a.0..e.a.1] != b[e.b.0..e.b.1]);
            (i, j) = (e.a.1, e.b.1);
        }
        proptest::prop_assert_eq!(&a[i..], &b[j..]);
    }

    /// Single-char substitutions of Han chars, however many, make a copy.
    #[test]
    fn scattered_substitutions_are_never_twins(
        a in proptest::collection::vec(0x4e00u16..0x4e32, 60..300),
        at in proptest::collection::vec((0usize..20, 0x4e32u16..0x4e40), 1..20),
    ) {
        let changes: Vec<(usize, usize, Vec<u16>)> =
            at.into_iter().map(|(gap, c)| (gap, 1, vec![c])).collect();
        let b = edited(&a, &changes);
        prop_assume_same_len(&a, &b)?;
        let whole = Local { a: (0, a.len()), b: (0, b.len()) };
        let found = slots(side(&a), side(&b), &edits(&a, &b, &[whole]));
        proptest::prop_assert!(found.iter().all(|s| s.kind == Kind::Minor), "{found:?}");
        proptest::prop_assert!(twins(side(&a), side(&b), &[whole]).is_none());
    }
}

/// Substitutions past the end of `a` became insertions: those cases say nothing.
fn prop_assume_same_len(a: &[u16], b: &[u16]) -> Result<(), proptest::test_runner::TestCaseError> {
    if a.len() == b.len() {
        Ok(())
    } else {
        Err(proptest::test_runner::TestCaseError::reject(
            "edit past the end",
        ))
    }
}
