//! Plain-text tables for the commands that list things (`list`, `customers`, `agreement`).

use unicode_width::UnicodeWidthStr;

use crate::text;

/// Left-aligned columns, all text made safe; on a terminal each is cut to its `max` display
/// columns, and into a file or a pipe nothing is cut (a script or a file gets every word).
pub fn table(rows: &[Vec<String>], max: &[usize]) -> String {
    use std::io::IsTerminal;
    table_cut(rows, std::io::stdout().is_terminal().then_some(max))
}

/// [`table`], each column cut to its `max` display columns when there is a `max`.
fn table_cut(rows: &[Vec<String>], max: Option<&[usize]>) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, c)| {
                    let m = max.and_then(|m| m.get(i)).copied().unwrap_or(usize::MAX);
                    text::truncate(&text::line(c), m)
                })
                .collect()
        })
        .collect();
    let columns = cells.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|i| cells.iter().map(|r| r[i].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &cells {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::table_cut;

    #[test]
    fn a_table_is_cut_on_a_terminal_only() {
        let rows = vec![
            vec!["CUSTOMER".to_string(), "STAGE".to_string()],
            vec![
                "Acme".to_string(),
                "between IT Production and Business Production".to_string(),
            ],
        ];
        let cut = table_cut(&rows, Some(&[40, 40]));
        assert!(
            cut.contains("between IT Production and Business Prod…"),
            "{cut}"
        );
        let whole = table_cut(&rows, None);
        assert_eq!(
            whole,
            "CUSTOMER  STAGE\nAcme      between IT Production and Business Production\n"
        );
    }
}
