package io.kubesim.agent.container;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kubesim.agent.registry.ImageCatalog;

/**
 * Derives a container's {@link Script} from its {@code command}, {@code args} and image, the way the container would
 * behave on a real node:
 * <ul>
 *   <li>no command and no args: the image's default ({@code nginx}, {@code redis} ... serve until stopped;
 *       {@code busybox}, {@code alpine}, {@code ubuntu}, {@code centos} run a shell that exits at once);</li>
 *   <li>{@code sh -c "<script>"} (also bash, ash, dash): the script, in a subset of POSIX shell: {@code ;},
 *       {@code &&}, {@code ||}, {@code !}, pipes, {@code until/while/if/for}, {@code { }}, {@code ( )};</li>
 *   <li>otherwise the command line itself, e.g. {@code ["sleep", "3600"]}, or args only
 *       ({@code args: ["sleep", "100000"]}, which an image without entrypoint runs as its command).</li>
 * </ul>
 * Commands: {@code sleep N} (s/m/h/d suffixes, {@code infinity}), {@code echo}/{@code printf} (a log line),
 * {@code exit N}, {@code true}/{@code false}/{@code :}, {@code nslookup|host|dig name} (succeeds when a Service of
 * that name exists in the pod's namespace, or in the one named: {@code svc.ns[.svc.cluster.local]}; other names
 * resolve), {@code date}/{@code hostname} (print), {@code tail -f}/{@code ping} (run forever), common quick utilities
 * (status 0), {@code exec cmd} (cmd). Any other program is taken for a long-running application: it runs until the
 * container is stopped. Text that is not valid shell runs until stopped too.
 */
public final class CommandParser {

    private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "zsh", "ksh");
    private static final Set<String> QUICK = Set.of("cat", "ls", "mkdir", "cp", "mv", "rm", "touch", "chmod",
            "chown", "ln", "cd", "export", "set", "unset", "test", "[", "[[", "env", "printenv", "id", "whoami",
            "uname", "pwd", "umask", "trap", "source", ".", "wget", "curl", "apt-get", "apt", "apk", "yum", "dnf",
            "microdnf", "pip", "pip3", "npm", "wait", "sync", "grep", "sed", "awk", "cut", "sort", "tee", "head",
            "find", "df", "du", "ps", "top", "free", "mount", "stat", "basename", "dirname", "seq", "shift", "read",
            "nc", "ip", "ifconfig", "netstat", "ss", "tar", "gzip", "gunzip", "unzip", "openssl", "kill", "cmp",
            "diff", "wc", "xargs", "chgrp", "usermod", "useradd", "groupadd", "adduser", "addgroup");
    private static final Set<String> TLDS = Set.of("com", "net", "org", "io", "dev", "app", "co", "kr", "jp", "de",
            "uk", "cn", "info", "biz", "me", "ai", "cloud", "edu", "gov");
    private static final Pattern NAMESPACE_EXPRESSION = Pattern.compile(
            "\\$\\(cat /var/run/secrets/kubernetes\\.io/serviceaccount/namespace\\)|\\$\\{?POD_NAMESPACE}?");
    private static final Pattern RANGE = Pattern.compile("\\{(-?\\d+)\\.\\.(-?\\d+)}");
    private static final Pattern SEQ = Pattern.compile("\\$\\(seq (-?\\d+)(?: (-?\\d+))?\\)");
    private static final Pattern SLEEP_ARG = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)([smhd]?)");
    private static final int MAX_FOR_ITEMS = 1000;

    private CommandParser() {
    }

    /**
     * The behaviour of a container.
     *
     * @param command the container's {@code command} (null or empty: the image's entrypoint)
     * @param args    the container's {@code args}
     * @param image   what the image does without a command
     */
    public static Script parse(List<String> command, List<String> args, ImageCatalog.RunKind image) {
        List<String> argv = new ArrayList<>();
        if (command != null) {
            argv.addAll(command);
        }
        if (args != null) {
            argv.addAll(args);
        }
        if (argv.isEmpty() || ((command == null || command.isEmpty()) && argv.getFirst().startsWith("-"))) {
            return imageDefault(image);
        }
        String program = basename(argv.getFirst());
        if (SHELLS.contains(program)) {
            for (int k = 1; k < argv.size(); k++) {
                String a = argv.get(k);
                if (a.startsWith("-") && !a.startsWith("--") && a.contains("c")) {
                    return k + 1 < argv.size() ? script(argv.get(k + 1)) : new Script.Status(0);
                }
                if (!a.startsWith("-")) {
                    return new Script.Serve();
                }
            }
            return new Script.Status(0);
        }
        return simple(argv, true);
    }

    /** The behaviour of a shell script ({@code sh -c <text>}). */
    public static Script script(String text) {
        try {
            Parser p = new Parser(ShellTokenizer.tokenize(text));
            Script s = p.list(Set.of());
            if (!p.atEnd()) {
                return new Script.Serve();
            }
            return s;
        } catch (ShellTokenizer.SyntaxError | IllegalStateException e) {
            return new Script.Serve();
        }
    }

    private static Script imageDefault(ImageCatalog.RunKind image) {
        return image == ImageCatalog.RunKind.SERVER ? new Script.Serve() : new Script.Status(0);
    }

    private static String basename(String path) {
        String p = path.replace('\\', '/');
        int slash = p.lastIndexOf('/');
        String b = slash >= 0 ? p.substring(slash + 1) : p;
        return b.toLowerCase(Locale.ROOT).endsWith(".exe") ? b.substring(0, b.length() - 4) : b;
    }

    /** A simple command: program and arguments, no shell syntax. */
    private static Script simple(List<String> words, boolean topLevel) {
        int start = 0;
        while (start < words.size() && words.get(start).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            start++;
        }
        if (start == words.size()) {
            return new Script.Status(0);
        }
        List<String> w = words.subList(start, words.size());
        String program = basename(w.getFirst());
        List<String> a = w.subList(1, w.size());
        return switch (program) {
            case "sleep" -> sleep(a);
            case "echo" -> new Script.Echo(echoText(a));
            case "printf" -> a.isEmpty() ? new Script.Status(0)
                    : new Script.Echo(a.getFirst().replace("\\n", "").replace("%s", a.size() > 1 ? a.get(1) : ""));
            case "exit" -> new Script.Exit(a.isEmpty() ? 0 : exitCode(a.getFirst()));
            case "true", ":" -> new Script.Status(0);
            case "false" -> new Script.Status(1);
            case "nslookup", "host", "dig" -> lookup(a);
            case "getent" -> a.size() >= 2 ? lookup(a.subList(1, a.size())) : new Script.Status(2);
            case "date" -> new Script.Echo("$(date)");
            case "hostname" -> new Script.Echo("$(hostname)");
            case "exec" -> a.isEmpty() ? new Script.Status(0) : simple(a, topLevel);
            case "tail" -> a.contains("-f") || a.contains("-F") ? new Script.Serve() : new Script.Status(0);
            case "ping" -> ping(a);
            default -> QUICK.contains(program) ? new Script.Status(0) : new Script.Serve();
        };
    }

    private static Script sleep(List<String> args) {
        if (args.isEmpty()) {
            return new Script.Status(1);
        }
        Duration total = Duration.ZERO;
        for (String arg : args) {
            if (arg.equals("infinity") || arg.equals("inf")) {
                return new Script.Sleep(null);
            }
            Matcher m = SLEEP_ARG.matcher(arg);
            if (!m.matches()) {
                return new Script.Status(1);
            }
            BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            long unit = switch (m.group(2)) {
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86400;
                default -> 1;
            };
            long nanos = n.multiply(BigDecimal.valueOf(unit)).multiply(BigDecimal.valueOf(1_000_000_000L))
                    .longValue();
            total = total.plusNanos(nanos);
        }
        return new Script.Sleep(total);
    }

    private static Script ping(List<String> args) {
        int c = args.indexOf("-c");
        if (c >= 0 && c + 1 < args.size() && args.get(c + 1).matches("\\d+")) {
            long n = Long.parseLong(args.get(c + 1));
            return new Script.Sleep(Duration.ofSeconds(Math.max(0, n - 1)));
        }
        return new Script.Serve();
    }

    private static String echoText(List<String> args) {
        int k = 0;
        while (k < args.size() && args.get(k).matches("-[neE]+")) {
            k++;
        }
        return String.join(" ", args.subList(k, args.size()));
    }

    private static int exitCode(String s) {
        try {
            return Integer.parseInt(s) & 0xff;
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    private static Script lookup(List<String> args) {
        String name = args.stream().filter(x -> !x.startsWith("-")).findFirst().orElse(null);
        if (name == null) {
            return new Script.Status(1);
        }
        Matcher ns = NAMESPACE_EXPRESSION.matcher(name);
        String placeholder = "\u0001";
        String n = ns.replaceAll(placeholder);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        boolean clusterName = false;
        if (n.endsWith(".cluster.local")) {
            n = n.substring(0, n.length() - ".cluster.local".length());
            clusterName = true;
        }
        if (n.endsWith(".svc")) {
            n = n.substring(0, n.length() - ".svc".length());
            clusterName = true;
        }
        String[] labels = n.split("\\.");
        if (labels.length == 1) {
            return new Script.Lookup(labels[0], null);
        }
        if (labels.length == 2 && (clusterName || !TLDS.contains(labels[1]))) {
            return new Script.Lookup(labels[0], labels[1].equals(placeholder) ? null : labels[1]);
        }
        if (clusterName) {
            return new Script.Lookup(labels[0], labels[1].equals(placeholder) ? null : labels[1]);
        }
        return new Script.Status(0);
    }

    /** Recursive-descent parser over the tokens of one script. */
    private static final class Parser {

        private final List<ShellTokenizer.Token> tokens;
        private int p;

        Parser(List<ShellTokenizer.Token> tokens) {
            this.tokens = tokens;
        }

        boolean atEnd() {
            skipSeparators();
            return p >= tokens.size();
        }

        private ShellTokenizer.Token peek() {
            return p < tokens.size() ? tokens.get(p) : null;
        }

        private void skipSeparators() {
            while (p < tokens.size() && (tokens.get(p).is("\n") || tokens.get(p).is(";"))) {
                p++;
            }
        }

        /** A list of and-or items, up to one of the {@code terminators} keywords (or a closing operator). */
        Script list(Set<String> terminators) {
            List<Script> steps = new ArrayList<>();
            while (true) {
                skipSeparators();
                ShellTokenizer.Token t = peek();
                if (t == null || t.is(")") || (!t.operator() && terminators.contains(t.text()))) {
                    break;
                }
                Script item = andOr(terminators);
                ShellTokenizer.Token sep = peek();
                if (sep != null && sep.is("&")) {
                    p++;
                    continue;
                }
                steps.add(item);
                if (sep != null && !sep.is(";") && !sep.is("\n") && !sep.is(")")
                        && !(!sep.operator() && terminators.contains(sep.text()))) {
                    throw new IllegalStateException("unexpected " + sep.text());
                }
            }
            return steps.size() == 1 ? steps.getFirst() : new Script.Sequence(steps);
        }

        private Script andOr(Set<String> terminators) {
            Script left = pipeline(terminators);
            while (true) {
                ShellTokenizer.Token t = peek();
                if (t != null && (t.is("&&") || t.is("||"))) {
                    p++;
                    while (peek() != null && peek().is("\n")) {
                        p++;
                    }
                    Script right = pipeline(terminators);
                    left = t.is("&&") ? new Script.And(left, right) : new Script.Or(left, right);
                } else {
                    return left;
                }
            }
        }

        private Script pipeline(Set<String> terminators) {
            boolean negate = false;
            if (peek() != null && peek().isWord("!")) {
                p++;
                negate = true;
            }
            List<Script> stages = new ArrayList<>();
            stages.add(command(terminators));
            while (peek() != null && peek().is("|")) {
                p++;
                stages.add(command(terminators));
            }
            Script s;
            if (stages.size() == 1) {
                s = stages.getFirst();
            } else {
                List<Script> quiet = new ArrayList<>();
                for (int k = 0; k < stages.size() - 1; k++) {
                    quiet.add(silenced(stages.get(k)));
                }
                quiet.add(stages.getLast());
                s = new Script.Sequence(quiet);
            }
            return negate ? new Script.Not(s) : s;
        }

        private Script command(Set<String> terminators) {
            ShellTokenizer.Token t = peek();
            if (t == null) {
                throw new IllegalStateException("missing command");
            }
            if (t.is("(")) {
                p++;
                Script inner = list(Set.of());
                expectOp(")");
                return inner;
            }
            if (t.operator()) {
                throw new IllegalStateException("unexpected " + t.text());
            }
            return switch (t.text()) {
                case "until", "while" -> loop(t.text().equals("until"));
                case "if" -> ifClause();
                case "for" -> forLoop();
                case "{" -> {
                    p++;
                    Script inner = list(Set.of("}"));
                    expectWord("}");
                    yield inner;
                }
                default -> simpleCommand(terminators);
            };
        }

        private Script loop(boolean until) {
            p++;
            Script condition = list(Set.of("do"));
            expectWord("do");
            Script body = list(Set.of("done"));
            expectWord("done");
            return until ? new Script.Until(condition, body) : new Script.While(condition, body);
        }

        private Script ifClause() {
            p++;
            Script condition = list(Set.of("then"));
            expectWord("then");
            Script then = list(Set.of("elif", "else", "fi"));
            ShellTokenizer.Token t = peek();
            if (t != null && t.isWord("elif")) {
                return new Script.If(condition, then, ifClause());
            }
            Script otherwise = null;
            if (t != null && t.isWord("else")) {
                p++;
                otherwise = list(Set.of("fi"));
            }
            expectWord("fi");
            return new Script.If(condition, then, otherwise);
        }

        private Script forLoop() {
            p++;
            ShellTokenizer.Token var = peek();
            if (var == null || var.operator()) {
                throw new IllegalStateException("for needs a name");
            }
            p++;
            List<String> items = new ArrayList<>();
            if (peek() != null && peek().isWord("in")) {
                p++;
                while (peek() != null && !peek().operator()) {
                    items.addAll(expandItem(peek().text()));
                    p++;
                }
            }
            skipSeparators();
            expectWord("do");
            Script body = list(Set.of("done"));
            expectWord("done");
            List<Script> unrolled = new ArrayList<>();
            for (String item : items.subList(0, Math.min(items.size(), MAX_FOR_ITEMS))) {
                unrolled.add(substitute(body, var.text(), item));
            }
            return unrolled.isEmpty() ? new Script.Status(0) : new Script.Sequence(unrolled);
        }

        private Script simpleCommand(Set<String> terminators) {
            List<String> words = new ArrayList<>();
            boolean stdoutRedirected = false;
            while (true) {
                ShellTokenizer.Token t = peek();
                if (t == null) {
                    break;
                }
                if (t.operator()) {
                    String op = t.text();
                    if (op.endsWith(">") || op.endsWith("<") || op.endsWith(">>") || op.endsWith(">&")
                            || op.equals("&>")) {
                        p++;
                        ShellTokenizer.Token target = peek();
                        if (target != null && !target.operator()) {
                            p++;
                        }
                        boolean toStdErr = target != null && target.text().equals("2");
                        if (!op.startsWith("2") && !op.equals("<") && !toStdErr
                                && !(target != null && target.text().equals("/dev/stdout"))) {
                            stdoutRedirected = true;
                        }
                        continue;
                    }
                    break;
                }
                if (words.isEmpty() && terminators.contains(t.text())) {
                    break;
                }
                words.add(t.text());
                p++;
            }
            if (words.isEmpty()) {
                return new Script.Status(0);
            }
            Script s = simple(words, false);
            return stdoutRedirected ? silenced(s) : s;
        }

        private void expectWord(String w) {
            ShellTokenizer.Token t = peek();
            if (t == null || !t.isWord(w)) {
                throw new IllegalStateException("expected " + w);
            }
            p++;
        }

        private void expectOp(String op) {
            ShellTokenizer.Token t = peek();
            if (t == null || !t.is(op)) {
                throw new IllegalStateException("expected " + op);
            }
            p++;
        }
    }

    private static List<String> expandItem(String word) {
        Matcher r = RANGE.matcher(word);
        Matcher s = SEQ.matcher(word);
        long from;
        long to;
        if (r.matches()) {
            from = Long.parseLong(r.group(1));
            to = Long.parseLong(r.group(2));
        } else if (s.matches()) {
            from = s.group(2) == null ? 1 : Long.parseLong(s.group(1));
            to = Long.parseLong(s.group(2) == null ? s.group(1) : s.group(2));
        } else {
            return List.of(word);
        }
        List<String> out = new ArrayList<>();
        long step = from <= to ? 1 : -1;
        for (long v = from; out.size() < MAX_FOR_ITEMS; v += step) {
            out.add(Long.toString(v));
            if (v == to) {
                break;
            }
        }
        return out;
    }

    /** The script with its stdout thrown away: echo lines do not reach the log. */
    private static Script silenced(Script s) {
        return switch (s) {
            case Script.Echo e -> new Script.Status(0);
            case Script.Sequence q -> new Script.Sequence(q.steps().stream().map(CommandParser::silenced).toList());
            case Script.And a -> new Script.And(silenced(a.left()), silenced(a.right()));
            case Script.Or o -> new Script.Or(silenced(o.left()), silenced(o.right()));
            case Script.Not n -> new Script.Not(silenced(n.inner()));
            case Script.Until u -> new Script.Until(silenced(u.condition()), silenced(u.body()));
            case Script.While w -> new Script.While(silenced(w.condition()), silenced(w.body()));
            case Script.If i -> new Script.If(silenced(i.condition()), silenced(i.then()),
                    i.otherwise() == null ? null : silenced(i.otherwise()));
            default -> s;
        };
    }

    /** The script with {@code $var} and {@code ${var}} replaced by {@code value} (unrolled for-loops). */
    private static Script substitute(Script s, String var, String value) {
        return switch (s) {
            case Script.Echo e -> new Script.Echo(replaceVar(e.text(), var, value));
            case Script.Lookup l -> new Script.Lookup(replaceVar(l.service(), var, value),
                    l.namespace() == null ? null : replaceVar(l.namespace(), var, value));
            case Script.Sequence q -> new Script.Sequence(q.steps().stream().map(x -> substitute(x, var, value))
                    .toList());
            case Script.And a -> new Script.And(substitute(a.left(), var, value), substitute(a.right(), var, value));
            case Script.Or o -> new Script.Or(substitute(o.left(), var, value), substitute(o.right(), var, value));
            case Script.Not n -> new Script.Not(substitute(n.inner(), var, value));
            case Script.Until u -> new Script.Until(substitute(u.condition(), var, value),
                    substitute(u.body(), var, value));
            case Script.While w -> new Script.While(substitute(w.condition(), var, value),
                    substitute(w.body(), var, value));
            case Script.If i -> new Script.If(substitute(i.condition(), var, value), substitute(i.then(), var, value),
                    i.otherwise() == null ? null : substitute(i.otherwise(), var, value));
            default -> s;
        };
    }

    private static String replaceVar(String text, String var, String value) {
        return text.replace("${" + var + "}", value)
                .replaceAll("(?<!\\\\)\\$" + Pattern.quote(var) + "(?![A-Za-z0-9_])", Matcher.quoteReplacement(value));
    }
}
