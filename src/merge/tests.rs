//! Unit tests for merging witnesses.

use super::*;

const P1: &str = "国务院办公厅日前印发通知，要求各地进一步做好高校毕业生等青年就业创业工作，拓宽市场化社会化就业渠道。";
const P2: &str = "通知提出，要支持中小微企业吸纳就业，对招用毕业年度高校毕业生并签订一年以上劳动合同的企业给予补贴。";
const P3: &str = "各地要持续优化就业服务，健全困难毕业生帮扶机制，确保有就业意愿的毕业生都能得到针对性的帮助和服务。";
const P4: &str = "有关部门将加强督促检查，对工作推进不力的地方进行通报，推动各项政策措施落地见效，切实稳定就业大局。";

struct Doc {
    id: &'static str,
    text: String,
    map: Vec<Span>,
}

fn doc(id: &'static str, paras: &[&str]) -> Doc {
    let text = paras.join("\n\n");
    let map = crate::model::utf8_offsets(&text, 0)
        .windows(2)
        .map(|w| [w[0], w[1]])
        .collect();
    Doc { id, text, map }
}

fn run(docs: &[Doc]) -> MergedDocument {
    let ws: Vec<Witness> = docs
        .iter()
        .map(|d| Witness {
            id: d.id,
            source: d.id,
            title: None,
            text: &d.text,
            map: &d.map,
        })
        .collect();
    let ev = Evidence::new(docs.iter().map(|d| d.text.as_str()));
    merge(&ws, &ev, &MergeOptions::default())
}

/// Every merged char comes from the witness and bytes provenance names.
fn check_provenance(m: &MergedDocument, docs: &[Doc]) {
    let chars: Vec<char> = m.text.chars().collect();
    let mut next = 0;
    for p in &m.provenance {
        assert_eq!(p.start, next);
        next = p.end;
        let d = docs.iter().find(|d| d.id == p.witness).unwrap();
        let src = &d.text[p.source[0] as usize..p.source[1] as usize];
        let mine: String = chars[p.start..p.end]
            .iter()
            .filter(|&&c| c != '\n')
            .collect();
        let theirs: String = src.chars().filter(|&c| c != '\n').collect();
        assert!(
            theirs.contains(&mine) || mine.is_empty(),
            "{mine:?} not in {theirs:?}"
        );
    }
    assert_eq!(next, chars.len());
}

#[test]
fn a_suspicious_reading_loses_and_a_real_variant_keeps_the_base() {
    let a = doc("a", &[P1, &P2.replace("补贴", "补贴和奖励"), P3]);
    let b = doc(
        "b",
        &[
            &P1.replace("就业创业", "就业创造"),
            P2,
            &P3.replace("服务", "服稅"),
        ],
    );
    let m = run(&[a, b]);
    // `a` is longer: the base. `服稅` has a traditional char: `a`'s reading stays.
    assert_eq!(m.id, "a");
    assert!(m.text.contains("补贴和奖励"));
    assert!(m.text.contains("就业创业"));
    assert!(!m.text.contains('稅'));
    assert!(m.decisions.iter().all(|d| d.kind == DecisionKind::Variant));
    assert!(m.decisions.len() >= 2, "{:?}", m.decisions);
}

#[test]
fn a_majority_of_witnesses_decides() {
    let a = doc("a", &[&P1.replace("拓宽", "开拓"), P2, P3]);
    let b = doc("b", &[P1, P2, P3]);
    let c = doc("c", &[P1, P2, P3]);
    let m = run(&[a, b, c]);
    assert!(m.text.contains("拓宽"), "{}", m.text);
    let d = &m.decisions[0];
    assert_eq!(d.reason, "majority");
    assert_eq!(d.chosen, "拓宽");
}

#[test]
fn paragraphs_only_one_copy_has_are_filled_in_place() {
    // `a` is longer (it has P5) but lacks P3, which `b` prints between P2 and P4.
    let p5 = "专家表示，稳就业关键在于稳市场主体，只有企业发展得好，就业岗位才能源源不断地创造出来，形成良性循环，这需要各方共同努力。";
    let long = doc("a", &[P1, P2, P4, p5]);
    let short = doc("b", &[P1, P2, P3, P4]);
    let m = run(&[long, short]);
    assert_eq!(m.id, "a");
    assert_eq!(m.text, [P1, P2, P3, P4, p5].join("\n\n"));
    assert!(m.decisions.iter().any(|d| d.kind == DecisionKind::Gap));
}

#[test]
fn a_truncated_base_gets_the_tail_another_copy_has() {
    // The longer copy stops mid-sentence; the shorter one lacks P2 but has the end.
    let cut: String = P4.chars().take(20).collect();
    let a = doc("a", &[P1, P2, P3, &format!("{cut} ...")]);
    let b = doc("b", &[P1, P3, P4]);
    let m = run(&[a, b]);
    assert!(m.text.ends_with(P4), "{}", m.text);
    assert!(m.text.contains(P2));
    assert!(!m.text.contains("..."));
}

#[test]
fn every_char_traces_to_its_source() {
    let a = doc("a", &[P1, P2, P4]);
    let b = doc("b", &[P1, &P2.replace("中小微", "中小"), P3, P4]);
    let docs = [a, b];
    let m = run(&docs);
    check_provenance(&m, &docs);
    assert_eq!(m.witnesses.len(), 2);
    assert!(m.witnesses[0].base);
}

#[test]
fn a_lone_witness_is_returned_as_it_is() {
    let a = doc("a", &[P1, P2]);
    let m = run(std::slice::from_ref(&a));
    assert_eq!(m.text, a.text);
    assert!(m.decisions.is_empty());
}

#[test]
fn a_lone_witness_merges_as_the_general_path_merges_it() {
    let ev = Evidence::default();
    let opts = MergeOptions::default();
    let plain = doc("a", &[P1, P2]);
    // A map that jumps back (a moved paragraph) and one shorter than the text.
    let mut back = doc("b", &[P3, P4]);
    let half = back.map.len() / 2;
    back.map[half..]
        .iter_mut()
        .for_each(|s| *s = [s[0] - 3, s[1] - 3]);
    let mut short = doc("c", &[P1]);
    short.map.truncate(10);
    let empty = doc("d", &[]);
    for (d, title) in [
        (&plain, None),
        (&back, Some("标题")),
        (&short, None),
        (&empty, None),
    ] {
        let w = Witness {
            id: d.id,
            source: "src",
            title,
            text: &d.text,
            map: &d.map,
        };
        let general = merge_aligned(&[w], &ev, &opts);
        assert_eq!(merge(&[w], &ev, &opts), general, "{}", d.id);
        assert!(general.provenance.len() > 1 || d.id != "b");
    }
}
