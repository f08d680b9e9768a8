package io.rootfs.nativedeb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A maintainer script read, not run: its commands as lists of words (quotes removed, nothing
 * expanded), so that the declarative path can find the calls it reproduces
 * ({@code update-alternatives --install ...}) and name the programs it does not.
 */
final class ScriptText {
    /** Words that end one command and start the next. */
    private static final Set<String> SEPARATORS = Set.of(";", "&&", "||", "|", "&", "(", ")", "{", "}", "!", "if",
            "then", "else", "elif", "fi", "do", "done", "while", "until", "case", "esac", ";;", "in", "`", "$(");
    /** What the shell itself does: never a program the script runs. */
    private static final Set<String> SHELL = Set.of("set", "exit", "return", "true", "false", ":", ".", "export",
            "local", "unset", "shift", "break", "continue", "eval", "exec", "test", "[", "[[", "echo", "printf", "read",
            "cd", "command", "type", "umask", "trap", "wait", "for", "select", "function", "let", "getopts", "hash",
            "readonly", "source", "alias", "ulimit");

    private final List<List<String>> commands = new ArrayList<>();
    private final Set<String> functions = new HashSet<>();

    private ScriptText(String script) {
        java.util.regex.Matcher definitions = java.util.regex.Pattern
                .compile("(?m)^[ \\t]*(?:function[ \\t]+)?([A-Za-z_][A-Za-z0-9_-]*)[ \\t]*\\([ \\t]*\\)").matcher(script);
        while (definitions.find()) {
            functions.add(definitions.group(1));
        }
        List<String> current = new ArrayList<>();
        boolean loopWords = false;
        for (String token : tokens(script)) {
            if (loopWords) {
                // "for NAME in WORDS; do": the words are data
                loopWords = !(token.equals(";") || token.equals("\n") || token.equals("do"));
                continue;
            }
            if (token.equals("for") && current.isEmpty()) {
                loopWords = true;
                continue;
            }
            if (SEPARATORS.contains(token) || token.equals("\n")) {
                if (token.equals(")") && current.size() == 1) {
                    // "pattern)" is a case label (or the end of "name()"): it runs nothing
                    current = new ArrayList<>();
                    continue;
                }
                end(current);
                current = new ArrayList<>();
            } else if (current.isEmpty() && token.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                continue; // an assignment before the command (or alone)
            } else {
                current.add(token);
            }
        }
        end(current);
    }

    static ScriptText of(String script) {
        return new ScriptText(script);
    }

    private void end(List<String> command) {
        if (!command.isEmpty() && !functions.contains(command.get(0))) {
            commands.add(List.copyOf(command));
        }
    }

    /** Every command: its words, the program first. */
    List<List<String>> commands() {
        return commands;
    }

    /** The calls of {@code program}: each with its arguments. */
    List<List<String>> calls(String program) {
        return commands.stream().filter(c -> c.get(0).equals(program)).map(c -> c.subList(1, c.size())).toList();
    }

    /** The programs the script runs: neither the shell's own commands nor functions it defines. */
    Set<String> programs() {
        Set<String> out = new java.util.TreeSet<>();
        for (List<String> c : commands) {
            String p = c.get(0);
            if (!SHELL.contains(p) && !functions.contains(p) && !functions.contains(p.replace("()", ""))
                    && p.matches("[A-Za-z0-9/_][A-Za-z0-9._/+-]*") && !p.endsWith("()")) {
                out.add(p.substring(p.lastIndexOf('/') + 1));
            }
        }
        return out;
    }

    /** Whether a word came from the script as written, nothing left to expand ($VAR, $(...), globs). */
    static boolean literal(String word) {
        return word.indexOf('$') < 0 && word.indexOf('`') < 0 && word.indexOf('*') < 0 && word.indexOf('?') < 0;
    }

    /**
     * The script as words and separators: comments and here-document bodies dropped, line
     * continuations joined, quotes removed (a quoted {@code $} kept, so it still marks a word
     * that is not literal).
     */
    static List<String> tokens(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        List<String> heredocEnds = new ArrayList<>();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\\' && i + 1 < n) {
                if (script.charAt(i + 1) != '\n') {
                    word.append(script.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = script.indexOf(c, i + 1);
                end = end < 0 ? n : end;
                word.append(script, i + 1, end);
                inWord = true;
                i = end + 1;
                continue;
            }
            if (c == '#' && !inWord) {
                while (i < n && script.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')'
                    || c == '<' || c == '>' || c == '`') {
                if (c == '(' && word.length() > 0 && word.charAt(word.length() - 1) == '$') {
                    // $( ... ): what it runs is a command of its own; the word holds a '$' (not literal)
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                    out.add("$(");
                    i++;
                    continue;
                }
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                boolean afterBlank = i == 0 || " \t\n;|&".indexOf(script.charAt(i - 1)) >= 0;
                if (c == '<' && i + 1 < n && script.charAt(i + 1) == '<' && afterBlank
                        && !(i + 2 < n && script.charAt(i + 2) == '<')) {
                    // a here-document: its body is data, skipped up to its end marker
                    int j = i + 2;
                    if (j < n && script.charAt(j) == '-') {
                        j++;
                    }
                    while (j < n && (script.charAt(j) == ' ')) {
                        j++;
                    }
                    int start = j;
                    while (j < n && !Character.isWhitespace(script.charAt(j)) && script.charAt(j) != ';') {
                        j++;
                    }
                    heredocEnds.add(script.substring(start, j).replaceAll("['\"\\\\]", ""));
                    i = j;
                    continue;
                }
                if (c == '\n') {
                    out.add("\n");
                    i++;
                    for (String end : heredocEnds) {
                        while (i < n) {
                            int eol = script.indexOf('\n', i);
                            eol = eol < 0 ? n : eol;
                            String line = script.substring(i, eol).strip();
                            i = Math.min(n, eol + 1);
                            if (line.equals(end)) {
                                break;
                            }
                        }
                    }
                    heredocEnds.clear();
                    continue;
                }
                if ((c == '&' || c == '|') && i + 1 < n && script.charAt(i + 1) == c) {
                    out.add("" + c + c);
                    i += 2;
                    continue;
                }
                if (c == ';' && i + 1 < n && script.charAt(i + 1) == ';') {
                    out.add(";;");
                    i += 2;
                    continue;
                }
                if (c == '<' || c == '>') {
                    // a redirection: its target is not an argument
                    i++;
                    while (i < n && (script.charAt(i) == '>' || script.charAt(i) == '&' || script.charAt(i) == ' ')) {
                        i++;
                    }
                    while (i < n && !Character.isWhitespace(script.charAt(i)) && ";|&)".indexOf(script.charAt(i)) < 0) {
                        i++;
                    }
                    continue;
                }
                if (c != ' ' && c != '\t') {
                    out.add(String.valueOf(c));
                }
                i++;
                continue;
            }
            // a number right before a redirection (2>/dev/null) is not an argument
            if (Character.isDigit(c) && !inWord && i + 1 < n && script.charAt(i + 1) == '>') {
                i++;
                continue;
            }
            word.append(c);
            inWord = true;
            i++;
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
