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

const SUBSET: &str = "is not part of the skip logic journey reads (`${q} = 'x'`, \
     `selected(${q}, 'x')`, `and`, `or`, `not(...)`, `< <= > >=`)";

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let token = match c {
            c if c.is_whitespace() => continue,
            '(' => Token::Open,
            ')' => Token::Close,
            ',' => Token::Comma,
            '=' => Token::Op(Op::Eq),
            '$' => reference(&chars, &mut i)?,
            '\'' | '"' => quoted(&chars, &mut i, c)?,
            '!' | '<' | '>' => comparison(&chars, &mut i, c)?,
            c if c.is_ascii_digit() || c == '-' || c == '.' => number(&chars, &mut i)?,
            c if c.is_alphabetic() => {
                let len = chars[i..]
                    .iter()
                    .take_while(|x| x.is_alphanumeric() || matches!(x, '-' | '_'))
                    .count();
                i += len;
                Token::Word(chars[i - len - 1..i].iter().collect())
            }
            other => return Err(format!("`{other}` {SUBSET}")),
        };
        out.push(token);
    }
    Ok(out)
}

/// `${name}`, after its `$`.
fn reference(chars: &[char], i: &mut usize) -> Result<Token, String> {
    let end = chars[*i..].iter().position(|c| *c == '}');
    match end {
        Some(end) if chars.get(*i) == Some(&'{') => {
            let name = chars[*i + 1..*i + end].iter().collect();
            *i += end + 1;
            Ok(Token::Ref(name))
        }
        _ => Err("`$` must start a reference such as `${question}`".into()),
    }
}

/// A text in `quote`s, after the opening one.
fn quoted(chars: &[char], i: &mut usize, quote: char) -> Result<Token, String> {
    let Some(end) = chars[*i..].iter().position(|x| *x == quote) else {
        return Err(format!("a text starting with {quote} is not closed"));
    };
    let text = chars[*i..*i + end].iter().collect();
    *i += end + 1;
    Ok(Token::Text(text))
}

/// `!=`, `<`, `<=`, `>`, `>=`, after its first character `c`.
fn comparison(chars: &[char], i: &mut usize, c: char) -> Result<Token, String> {
    let (op, two) = match (c, chars.get(*i)) {
        ('!', Some('=')) => (Op::Ne, true),
        ('<', Some('=')) => (Op::Le, true),
        ('>', Some('=')) => (Op::Ge, true),
        ('<', _) => (Op::Lt, false),
        ('>', _) => (Op::Gt, false),
        _ => return Err("`!` must be followed by `=`".into()),
    };
    *i += usize::from(two);
    Ok(Token::Op(op))
}

/// A number, after its first character.
fn number(chars: &[char], i: &mut usize) -> Result<Token, String> {
    let len = chars[*i..]
        .iter()
        .take_while(|x| x.is_ascii_digit() || **x == '.')
        .count();
    let text: String = chars[*i - 1..*i + len].iter().collect();
    *i += len;
    text.parse::<f64>()
        .map(Token::Number)
        .map_err(|_| format!("`{text}` is not a number"))
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
                    return Err(
                        "selected() takes a quoted choice second: `selected(${q}, 'x')`".into(),
                    );
                };
                self.expect(&Token::Close)?;
                Ok(Expr::Selected { question, value })
            }
            Token::Ref(question) => {
                let Token::Op(op) = self.next()? else {
                    return Err(format!(
                        "`${{{question}}}` must be compared: `${{{question}}} = 'x'`"
                    ));
                };
                let value = match self.next()? {
                    Token::Text(t) => Literal::Text(t),
                    Token::Number(n) => Literal::Number(n),
                    other => {
                        return Err(format!(
                            "expected a value after the comparison, found {}",
                            describe(&other)
                        ))
                    }
                };
                Ok(Expr::Compare {
                    question,
                    op,
                    value,
                })
            }
            Token::Word(w) => Err(format!("`{w}` {SUBSET}")),
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

mod write;

pub use write::write;

#[cfg(test)]
mod tests;
