//! The statistics of agreement, on plain numbers: Krippendorff's alpha (nominal and ordinal,
//! missing values allowed) in the coincidence-matrix form the `krippendorff` Python package
//! computes, and Cohen's kappa with quadratic weights as scikit-learn's `cohen_kappa_score`.

use serde::Serialize;

/// How far apart two categories are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Same or different.
    Nominal,
    /// Ordered: the distance grows with the values seen between the two.
    Ordinal,
}

/// Why a statistic has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Undefined {
    /// Fewer than two categories to choose from.
    OneCategory,
    /// No unit has values from two raters.
    NoPairs,
    /// Every value is the same category: chance would agree as well.
    NoVariation,
}

impl Undefined {
    /// The reason in words, for a `note`.
    pub fn words(self) -> &'static str {
        match self {
            Undefined::OneCategory => "there is only one category to choose: nothing to agree on",
            Undefined::NoPairs => "no unit has values from two raters",
            Undefined::NoVariation => {
                "every value is the same category: agreement cannot be told from chance"
            }
        }
    }
}

/// Per unit, how many raters gave it each category (`counts[unit][category]`), from a table
/// of ratings `ratings[rater][unit]` (`None`: missing).
pub fn value_counts(ratings: &[Vec<Option<usize>>], categories: usize) -> Vec<Vec<f64>> {
    let units = ratings.iter().map(Vec::len).max().unwrap_or(0);
    let mut counts = vec![vec![0.0; categories]; units];
    for row in ratings {
        for (unit, value) in row.iter().enumerate() {
            if let Some(v) = value.filter(|v| *v < categories) {
                counts[unit][v] += 1.0;
            }
        }
    }
    counts
}

/// Krippendorff's alpha over `counts[unit][category]`; the categories in order for
/// [`Level::Ordinal`]. Units with fewer than two values add nothing.
pub fn alpha(counts: &[Vec<f64>], categories: usize, level: Level) -> Result<f64, Undefined> {
    if categories <= 1 {
        return Err(Undefined::OneCategory);
    }
    if counts.iter().all(|u| u.iter().sum::<f64>() <= 1.0) {
        return Err(Undefined::NoPairs);
    }
    let o = coincidences(counts, categories);
    let n_v: Vec<f64> = (0..categories)
        .map(|k| (0..categories).map(|c| o[c][k]).sum())
        .collect();
    let n: f64 = n_v.iter().sum();
    let d = distances(&n_v, level);
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..categories {
        for k in 0..categories {
            let e = (n_v[c] * n_v[k] - if c == k { n_v[c] } else { 0.0 }) / (n - 1.0);
            observed += o[c][k] * d[c][k];
            expected += e * d[c][k];
        }
    }
    if expected == 0.0 {
        return Err(Undefined::NoVariation);
    }
    Ok(1.0 - observed / expected)
}

/// The coincidence matrix: each unit's pairs of values, weighted by 1 / (its values − 1).
fn coincidences(counts: &[Vec<f64>], categories: usize) -> Vec<Vec<f64>> {
    let mut o = vec![vec![0.0; categories]; categories];
    for unit in counts {
        let m: f64 = unit.iter().sum();
        let pairable = m.max(2.0) - 1.0;
        for c in 0..categories {
            for k in 0..categories {
                let same = if c == k { unit[c] } else { 0.0 };
                o[c][k] += (unit[c] * unit[k] - same) / pairable;
            }
        }
    }
    o
}

/// The squared distance between each two categories.
fn distances(n_v: &[f64], level: Level) -> Vec<Vec<f64>> {
    let v = n_v.len();
    let mut d = vec![vec![0.0; v]; v];
    for (c, row) in d.iter_mut().enumerate() {
        for (k, cell) in row.iter_mut().enumerate() {
            *cell = match level {
                Level::Nominal => f64::from(u8::from(c != k)),
                Level::Ordinal => {
                    let (lo, hi) = (c.min(k), c.max(k));
                    let between: f64 = n_v[lo..=hi].iter().sum();
                    (between - (n_v[lo] + n_v[hi]) / 2.0).powi(2)
                }
            };
        }
    }
    d
}

/// Cohen's kappa with quadratic weights for two raters' categories on the same units
/// (`pairs[i] = (first, second)`), the categories `0..categories` in order.
pub fn quadratic_kappa(pairs: &[(usize, usize)], categories: usize) -> Result<f64, Undefined> {
    if pairs.is_empty() {
        return Err(Undefined::NoPairs);
    }
    let mut confusion = vec![vec![0.0; categories]; categories];
    for &(a, b) in pairs {
        if a < categories && b < categories {
            confusion[a][b] += 1.0;
        }
    }
    let rows: Vec<f64> = confusion.iter().map(|r| r.iter().sum()).collect();
    let columns: Vec<f64> = (0..categories)
        .map(|j| confusion.iter().map(|r| r[j]).sum())
        .collect();
    let total: f64 = rows.iter().sum();
    if total == 0.0 {
        return Err(Undefined::NoPairs);
    }
    let (mut observed, mut expected) = (0.0, 0.0);
    for i in 0..categories {
        for j in 0..categories {
            let w = (i as f64 - j as f64).powi(2);
            observed += w * confusion[i][j];
            expected += w * columns[i] * rows[j] / total;
        }
    }
    if expected == 0.0 {
        return Err(Undefined::NoVariation);
    }
    Ok(1.0 - observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: four
    /// observers, twelve units, values 1 to 5, missing values. Alpha is 0.743 nominal and 0.815
    /// ordinal (the paper's figures, to its three places).
    fn paper() -> Vec<Vec<Option<usize>>> {
        let rows: [[u8; 12]; 4] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|v| (*v > 0).then(|| usize::from(*v - 1)))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_papers_example_nominal_and_ordinal() {
        let counts = value_counts(&paper(), 5);
        let nominal = alpha(&counts, 5, Level::Nominal).expect("alpha");
        let ordinal = alpha(&counts, 5, Level::Ordinal).expect("alpha");
        assert!((nominal - 0.743).abs() < 5e-4, "{nominal}");
        assert!((ordinal - 0.815).abs() < 5e-4, "{ordinal}");
        // The paper's exact nominal form: 1 − (n − 1) · Σ_{c≠k} o_ck / (n² − Σ n_c²), with
        // n_c = (9, 13, 10, 5, 3) pairable values, n = 40, and 8 disagreeing coincidences.
        let squares = 81.0 + 169.0 + 100.0 + 25.0 + 9.0;
        assert!((nominal - (1.0 - 39.0 * 8.0 / (1600.0 - squares))).abs() < 1e-12);
    }

    #[test]
    fn undefined_alpha_says_why() {
        let one = value_counts(&[vec![Some(2), Some(2)], vec![Some(2), Some(2)]], 4);
        assert_eq!(alpha(&one, 4, Level::Ordinal), Err(Undefined::NoVariation));
        let lone = value_counts(&[vec![Some(1), None], vec![None, Some(0)]], 3);
        assert_eq!(alpha(&lone, 3, Level::Nominal), Err(Undefined::NoPairs));
        assert_eq!(alpha(&one, 1, Level::Nominal), Err(Undefined::OneCategory));
        // Perfect agreement with variation is 1.
        let agree = value_counts(&[vec![Some(0), Some(2)], vec![Some(0), Some(2)]], 3);
        assert_eq!(alpha(&agree, 3, Level::Ordinal), Ok(1.0));
    }

    /// Worked by hand: six units, three ordered categories.
    /// Confusion (rows: first rater) [[2,1,0],[0,1,0],[0,1,1]]: row sums (3,1,2), column sums
    /// (2,3,1), n = 6. Observed weighted disagreement Σ w·o = 1·1 (0,1) + 1·1 (2,1) = 2.
    /// Expected Σ w·e, e[i][j] = col_i · row_j / 6:
    ///   w=1: (0,1) 2·1 + (1,0) 3·3 + (1,2) 3·2 + (2,1) 1·1 = 18; w=4: (0,2) 2·2 + (2,0) 1·3 = 7
    ///   → (18 + 4·7) / 6 = 46/6. Kappa = 1 − 2 / (46/6) = 1 − 12/46 = 17/23.
    #[test]
    fn quadratic_kappa_worked_by_hand() {
        let pairs = [(0, 0), (0, 0), (0, 1), (1, 1), (2, 1), (2, 2)];
        let k = quadratic_kappa(&pairs, 3).expect("kappa");
        assert!((k - 17.0 / 23.0).abs() < 1e-12, "{k}");
        assert_eq!(
            quadratic_kappa(&[(1, 1), (1, 1)], 3),
            Err(Undefined::NoVariation)
        );
        assert_eq!(quadratic_kappa(&[], 3), Err(Undefined::NoPairs));
    }
}
