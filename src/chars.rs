//! Character classes every stage shares (Han, CJK punctuation, sentence ends, display width): defined once.

/// Han characters: CJK unified ideographs (URO, Extension A, Extensions B and
/// later), compatibility ideographs, and `〇`, the zero of Chinese numerals.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x3FFFF | 0xF900..=0xFAFF | 0x3007)
}

/// Full-width punctuation used in Chinese text (the forms `clean` writes in CJK context).
pub fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '（'
            | '）'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '【'
            | '】'
            | '「'
            | '」'
            | '『'
            | '』'
            | '…'
            | '—'
            | '·'
            | '～'
            | '．'
            | '〔'
            | '〕'
            | '［'
            | '］'
            | '｛'
            | '｝'
            | '＂'
            | '＇'
    ) || matches!(c as u32, 0x3001..=0x303F)
}

/// Han characters and the punctuation that lives among them.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Sentence-final punctuation, in either width.
pub fn is_final_punct(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…' | '；' | ';')
}

/// Closing marks that may follow a sentence-final mark (`。”`, `！）`).
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '）' | '》' | '」' | '』' | '】' | ')' | '"' | '\''
    )
}

/// Display width in columns: wide (CJK, full-width) chars count 2.
pub fn width(c: char) -> usize {
    if is_cjk(c)
        || matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
    {
        2
    } else {
        1
    }
}
