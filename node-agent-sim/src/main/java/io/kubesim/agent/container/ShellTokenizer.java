package io.kubesim.agent.container;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code sh -c} text into words and operators the way a POSIX shell does, closely enough for the commands
 * people put into pod specs: quotes are removed (single-quoted {@code $} is kept literal by escaping it as
 * {@code \$}), {@code $(...)} and backticks stay inside their word, and {@code ; & && || | ( ) < > >> newline} are
 * operators. Redirections with a file-descriptor number ({@code 2>}) become one operator.
 */
final class ShellTokenizer {

    /** A word or an operator. */
    record Token(String text, boolean operator) {
        static Token word(String text) {
            return new Token(text, false);
        }

        static Token op(String text) {
            return new Token(text, true);
        }

        boolean is(String op) {
            return operator && text.equals(op);
        }

        boolean isWord(String w) {
            return !operator && text.equals(w);
        }
    }

    /** Why a text cannot be tokenised (an unterminated quote or substitution). */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    private final String s;
    private int i;

    private ShellTokenizer(String s) {
        this.s = s;
    }

    static List<Token> tokenize(String text) throws SyntaxError {
        return new ShellTokenizer(text).run();
    }

    private List<Token> run() throws SyntaxError {
        List<Token> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                flush(out, word, inWord);
                inWord = false;
                out.add(Token.op("\n"));
                i++;
            } else if (Character.isWhitespace(c)) {
                flush(out, word, inWord);
                inWord = false;
                i++;
            } else if (c == '#' && !inWord) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new SyntaxError("unterminated quoted string");
                }
                word.append(s.substring(i + 1, end).replace("$", "\\$"));
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < s.length() && "\"\\`\n".indexOf(s.charAt(i + 1)) >= 0) {
                        word.append(s.charAt(i + 1));
                        i += 2;
                    } else if (d == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
                        word.append("\\$");
                        i += 2;
                    } else if (d == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
                        word.append(substitution());
                    } else if (d == '`') {
                        word.append(backticks());
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new SyntaxError("unterminated quoted string");
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < s.length()) {
                    char n = s.charAt(i + 1);
                    if (n != '\n') {
                        word.append(n == '$' ? "\\$" : String.valueOf(n));
                        inWord = true;
                    }
                }
                i += 2;
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
                word.append(substitution());
                inWord = true;
            } else if (c == '`') {
                word.append(backticks());
                inWord = true;
            } else if (c == '>' || c == '<') {
                String prefix = "";
                if (inWord && word.chars().allMatch(Character::isDigit)) {
                    prefix = word.toString();
                    word.setLength(0);
                    inWord = false;
                }
                flush(out, word, inWord);
                inWord = false;
                StringBuilder op = new StringBuilder(prefix).append(c);
                i++;
                if (i < s.length() && (s.charAt(i) == '>' || s.charAt(i) == '&')) {
                    op.append(s.charAt(i));
                    i++;
                }
                out.add(Token.op(op.toString()));
            } else if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
                flush(out, word, inWord);
                inWord = false;
                if ((c == '&' || c == '|') && i + 1 < s.length() && s.charAt(i + 1) == c) {
                    out.add(Token.op("" + c + c));
                    i += 2;
                } else if (c == '&' && i + 1 < s.length() && s.charAt(i + 1) == '>') {
                    out.add(Token.op("&>"));
                    i += 2;
                } else {
                    out.add(Token.op(String.valueOf(c)));
                    i++;
                }
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        flush(out, word, inWord);
        return out;
    }

    private String substitution() throws SyntaxError {
        int depth = 0;
        int start = i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    i++;
                    return s.substring(start, i);
                }
            }
            i++;
        }
        throw new SyntaxError("unterminated $(...)");
    }

    private String backticks() throws SyntaxError {
        int end = s.indexOf('`', i + 1);
        if (end < 0) {
            throw new SyntaxError("unterminated `...`");
        }
        String inner = s.substring(i + 1, end);
        i = end + 1;
        return "$(" + inner + ")";
    }

    private static void flush(List<Token> out, StringBuilder word, boolean inWord) {
        if (inWord) {
            out.add(Token.word(word.toString()));
        }
        word.setLength(0);
    }
}
