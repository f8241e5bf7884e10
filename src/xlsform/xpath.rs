//! XLSForm's `relevant` (the XPath subset forms use for skip logic) read into journey's
//! conditions, and journey's conditions written back the same way.

use crate::guide::{Condition, Test};

/// A parsed `relevant` expression, before it becomes a condition.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    /// `${q} OP literal`
    Compare {
        question: String,
        op: Op,
        value: Literal,
    },
    /// `selected(${q}, 'x')`
    Selected {
        question: String,
        value: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Text(String),
    Number(f64),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ref(String),
    Text(String),
    Number(f64),
    Word(String),
    Op(Op),
    Open,
    Close,
    Comma,
}

/// Reads a `relevant` expression into a condition; the error says what is wrong and where.
pub fn parse(text: &str) -> Result<Condition, String> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, at: 0 };
    let expr = parser.or()?;
    if parser.at < parser.tokens.len() {
        return Err(format!(
            "unexpected {} after a complete expression",
            describe(&parser.tokens[parser.at])
        ));
    }
    expr.into_condition()
}

fn describe(token: &Token) -> String {
    match token {
        Token::Ref(q) => format!("`${{{q}}}`"),
        Token::Text(t) => format!("'{t}'"),
        Token::Number(n) => format!("`{n}`"),
        Token::Word(w) => format!("`{w}`"),
        Token::Op(_) => "a comparison".into(),
        Token::Open => "`(`".into(),
        Token::Close => "`)`".into(),
        Token::Comma => "`,`".into(),
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            c if c.is_whitespace() => {}
            '(' => out.push(Token::Open),
            ')' => out.push(Token::Close),
            ',' => out.push(Token::Comma),
            '$' => {
                let end = chars[i..].iter().position(|c| *c == '}');
                if chars.get(i) != Some(&'{') || end.is_none() {
                    return Err("`$` must start a reference such as `${question}`".into());
                }
                let end = i + end.unwrap_or_default();
                out.push(Token::Ref(chars[i + 1..end].iter().collect()));
                i = end + 1;
            }
            '\'' | '"' => {
                let end = chars[i..].iter().position(|x| *x == c);
                let Some(end) = end else {
                    return Err(format!("a text starting with {c} is not closed"));
                };
                out.push(Token::Text(chars[i..i + end].iter().collect()));
                i += end + 1;
            }
            '=' => out.push(Token::Op(Op::Eq)),
            '!' | '<' | '>' => {
                let (op, two) = match (c, chars.get(i)) {
                    ('!', Some('=')) => (Op::Ne, true),
                    ('<', Some('=')) => (Op::Le, true),
                    ('>', Some('=')) => (Op::Ge, true),
                    ('<', _) => (Op::Lt, false),
                    ('>', _) => (Op::Gt, false),
                    _ => return Err("`!` must be followed by `=`".into()),
                };
                i += usize::from(two);
                out.push(Token::Op(op));
            }
            c if c.is_ascii_digit() || c == '-' || c == '.' => {
                let len = chars[i..]
                    .iter()
                    .take_while(|x| x.is_ascii_digit() || **x == '.')
                    .count();
                let number: String = chars[i - 1..i + len].iter().collect();
                i += len;
                let value = number
                    .parse::<f64>()
                    .map_err(|_| format!("`{number}` is not a number"))?;
                out.push(Token::Number(value));
            }
            c if c.is_alphabetic() => {
                let len = chars[i..]
                    .iter()
                    .take_while(|x| x.is_alphanumeric() || matches!(x, '-' | '_'))
                    .count();
                out.push(Token::Word(chars[i - 1..i + len].iter().collect()));
                i += len;
            }
            other => return Err(format!("`{other}` is not part of the skip logic journey reads (`${{q}} = 'x'`, `selected(${{q}}, 'x')`, `and`, `or`, `not(...)`, `< <= > >=`)")),
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Result<Token, String> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token.ok_or_else(|| "the expression ends too early".to_string())
    }

    fn expect(&mut self, want: &Token) -> Result<(), String> {
        if self.peek().is_none() {
            return Err(format!(
                "expected {}, but the expression ends",
                describe(want)
            ));
        }
        let got = self.next()?;
        if &got == want {
            Ok(())
        } else {
            Err(format!(
                "expected {}, found {}",
                describe(want),
                describe(&got)
            ))
        }
    }

    fn word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(x)) if x == w)
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut items = vec![self.and()?];
        while self.word("or") {
            self.at += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut items = vec![self.primary()?];
        while self.word("and") {
            self.at += 1;
            items.push(self.primary()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn primary(&mut self) -> Result<Expr, String> {
        match self.next()? {
            Token::Open => {
                let inner = self.or()?;
                self.expect(&Token::Close)?;
                Ok(inner)
            }
            Token::Word(w) if w == "not" => {
                self.expect(&Token::Open)?;
                let inner = self.or()?;
                self.expect(&Token::Close)?;
                Ok(Expr::Not(Box::new(inner)))
            }
            Token::Word(w) if w == "true" || w == "false" => {
                self.expect(&Token::Open)?;
                self.expect(&Token::Close)?;
                Ok(if w == "true" {
                    Expr::And(Vec::new())
                } else {
                    Expr::Or(Vec::new())
                })
            }
            Token::Word(w) if w == "selected" => {
                self.expect(&Token::Open)?;
                let Token::Ref(question) = self.next()? else {
                    return Err("selected() takes a reference first: `selected(${q}, 'x')`".into());
                };
                self.expect(&Token::Comma)?;
                let Token::Text(value) = self.next()? else {
                    return Err("selected() takes a quoted choice second: `selected(${q}, 'x')`".into());
                };
                self.expect(&Token::Close)?;
                Ok(Expr::Selected { question, value })
            }
            Token::Ref(question) => {
                let Token::Op(op) = self.next()? else {
                    return Err(format!("`${{{question}}}` must be compared: `${{{question}}} = 'x'`"));
                };
                let value = match self.next()? {
                    Token::Text(t) => Literal::Text(t),
                    Token::Number(n) => Literal::Number(n),
                    other => return Err(format!("expected a value after the comparison, found {}", describe(&other))),
                };
                Ok(Expr::Compare { question, op, value })
            }
            Token::Word(w) => Err(format!("`{w}` is not part of the skip logic journey reads (`${{q}} = 'x'`, `selected(${{q}}, 'x')`, `and`, `or`, `not(...)`, `< <= > >=`)")),
            other => Err(format!("unexpected {}", describe(&other))),
        }
    }
}

fn test(question: &str, test: Test) -> Condition {
    Condition::Test {
        question: question.to_string(),
        test,
    }
}

fn range(question: &str, min: Option<f64>, max: Option<f64>) -> Condition {
    test(question, Test::Range { min, max })
}

impl Expr {
    fn into_condition(self) -> Result<Condition, String> {
        match self {
            Expr::Selected { question, value } => Ok(test(&question, Test::AnyOf(vec![value]))),
            Expr::Compare {
                question,
                op,
                value,
            } => compare(&question, op, value),
            Expr::Not(inner) => Ok(Condition::Not(Box::new(inner.into_condition()?))),
            Expr::Or(items) => {
                let items = items
                    .into_iter()
                    .map(Expr::into_condition)
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(merge_any(items))
            }
            Expr::And(items) => {
                let items = items
                    .into_iter()
                    .map(Expr::into_condition)
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(merge_all(items))
            }
        }
    }
}

fn compare(q: &str, op: Op, value: Literal) -> Result<Condition, String> {
    let not = |c: Condition| Condition::Not(Box::new(c));
    Ok(match (op, value) {
        (Op::Eq, Literal::Text(t)) if t.is_empty() => test(q, Test::Answered(false)),
        (Op::Ne, Literal::Text(t)) if t.is_empty() => test(q, Test::Answered(true)),
        (Op::Eq, Literal::Text(t)) => test(q, Test::AnyOf(vec![t])),
        (Op::Ne, Literal::Text(t)) => not(test(q, Test::AnyOf(vec![t]))),
        (_, Literal::Text(t)) => {
            return Err(format!(
                "`<`, `>`, `<=` and `>=` compare numbers, not the text '{t}'"
            ))
        }
        (Op::Eq, Literal::Number(n)) => range(q, Some(n), Some(n)),
        (Op::Ne, Literal::Number(n)) => not(range(q, Some(n), Some(n))),
        (Op::Ge, Literal::Number(n)) => range(q, Some(n), None),
        (Op::Le, Literal::Number(n)) => range(q, None, Some(n)),
        (Op::Gt, Literal::Number(n)) => Condition::All(vec![
            range(q, Some(n), None),
            not(range(q, Some(n), Some(n))),
        ]),
        (Op::Lt, Literal::Number(n)) => Condition::All(vec![
            range(q, None, Some(n)),
            not(range(q, Some(n), Some(n))),
        ]),
    })
}

/// The one question and single option of `${q} = 'x'` / `selected(${q}, 'x')`.
fn single_pick(c: &Condition) -> Option<(&str, &str)> {
    match c {
        Condition::Test {
            question,
            test: Test::AnyOf(ids),
        } if ids.len() == 1 => Some((question, &ids[0])),
        _ => None,
    }
}

fn same_question_picks(items: &[Condition]) -> Option<(String, Vec<String>)> {
    let picks: Option<Vec<(&str, &str)>> = items.iter().map(single_pick).collect();
    let picks = picks?;
    let question = picks.first()?.0;
    picks.iter().all(|(q, _)| *q == question).then(|| {
        (
            question.to_string(),
            picks.iter().map(|(_, o)| o.to_string()).collect(),
        )
    })
}

/// `a = 'x' or a = 'y'` is one test: any of x, y.
fn merge_any(items: Vec<Condition>) -> Condition {
    match same_question_picks(&items) {
        Some((q, ids)) => test(&q, Test::AnyOf(ids)),
        None => Condition::Any(items),
    }
}

/// `selected(a,'x') and selected(a,'y')` is all of x, y; `a != '' and not(…a…)` is none of;
/// `a >= 1 and a <= 5` is one range.
fn merge_all(items: Vec<Condition>) -> Condition {
    if let Some((q, ids)) = same_question_picks(&items) {
        return test(&q, Test::AllOf(ids));
    }
    if let [Condition::Test {
        question: a,
        test: Test::Answered(true),
    }, Condition::Not(inner)] = items.as_slice()
    {
        if let Condition::Test {
            question: b,
            test: Test::AnyOf(ids),
        } = inner.as_ref()
        {
            if a == b {
                return test(a, Test::NoneOf(ids.clone()));
            }
        }
    }
    if let [Condition::Test {
        question: a,
        test: Test::Range {
            min: Some(min),
            max: None,
        },
    }, Condition::Test {
        question: b,
        test: Test::Range {
            min: None,
            max: Some(max),
        },
    }] = items.as_slice()
    {
        if a == b {
            return range(a, Some(*min), Some(*max));
        }
    }
    Condition::All(items)
}

/// Writes a condition as a `relevant` expression; `is_multiple` tells the questions answered
/// with `select_multiple` (tested with `selected()`) from the others (`${q} = 'x'`).
pub fn write(condition: &Condition, is_multiple: &dyn Fn(&str) -> bool) -> String {
    write_nested(condition, is_multiple, false)
}

fn quote(text: &str) -> String {
    if text.contains('\'') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}

fn number(n: f64) -> String {
    format!("{n}")
}

fn join(parts: Vec<String>, word: &str, nested: bool) -> String {
    // An empty `all` always holds and an empty `any` never does.
    if parts.is_empty() {
        return if word == "and" { "true()" } else { "false()" }.to_string();
    }
    let text = parts.join(&format!(" {word} "));
    if nested && parts.len() > 1 {
        format!("({text})")
    } else {
        text
    }
}

fn write_nested(c: &Condition, multiple: &dyn Fn(&str) -> bool, nested: bool) -> String {
    match c {
        Condition::All(items) => join(
            items
                .iter()
                .map(|c| write_nested(c, multiple, true))
                .collect(),
            "and",
            nested,
        ),
        Condition::Any(items) => join(
            items
                .iter()
                .map(|c| write_nested(c, multiple, true))
                .collect(),
            "or",
            nested,
        ),
        Condition::Not(inner) => format!("not({})", write_nested(inner, multiple, false)),
        Condition::Test { question, test } => {
            write_test(question, test, multiple(question), nested)
        }
    }
}

fn write_test(q: &str, test: &Test, multiple: bool, nested: bool) -> String {
    let pick = |id: &String| {
        if multiple {
            format!("selected(${{{q}}}, {})", quote(id))
        } else {
            format!("${{{q}}} = {}", quote(id))
        }
    };
    match test {
        Test::Answered(true) => format!("${{{q}}} != ''"),
        Test::Answered(false) => format!("${{{q}}} = ''"),
        Test::AnyOf(ids) => join(ids.iter().map(pick).collect(), "or", nested),
        Test::AllOf(ids) if ids.is_empty() => format!("${{{q}}} != ''"),
        Test::AllOf(ids) => join(ids.iter().map(pick).collect(), "and", nested),
        Test::NoneOf(ids) => {
            let any = join(ids.iter().map(pick).collect(), "or", false);
            join(
                vec![format!("${{{q}}} != ''"), format!("not({any})")],
                "and",
                nested,
            )
        }
        Test::Range { min, max } => {
            let mut parts = Vec::new();
            match (min, max) {
                (Some(a), Some(b)) if a == b => parts.push(format!("${{{q}}} = {}", number(*a))),
                _ => {
                    if let Some(a) = min {
                        parts.push(format!("${{{q}}} >= {}", number(*a)));
                    }
                    if let Some(b) = max {
                        parts.push(format!("${{{q}}} <= {}", number(*b)));
                    }
                }
            }
            if parts.is_empty() {
                parts.push(format!("${{{q}}} != ''"));
            }
            join(parts, "and", nested)
        }
    }
}

#[cfg(test)]
mod tests;
