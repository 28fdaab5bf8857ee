using System.Text;
using System.Text.RegularExpressions;

namespace Vouchers.Infrastructure.Tests.Persistence;

/// <summary>
/// The schema a T-SQL DDL text defines, read without a server: CREATE TABLE (columns, PRIMARY KEY, FOREIGN KEY … ON
/// DELETE, CHECK), ALTER TABLE … ADD / ALTER COLUMN / DROP COLUMN, CREATE [UNIQUE] INDEX … [WHERE …], DROP INDEX and
/// CREATE TRIGGER. Anything else is refused, so a script this reader does not understand fails the comparison
/// instead of slipping past it. The result is one line per fact, comparable as a set.
/// </summary>
internal sealed partial class SqlServerDdl
{
    private sealed record Column(string Type, string? Collation, bool Nullable, string? Default);

    private readonly Dictionary<string, List<(string Name, Column Column)>> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _constraints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Table, string Line)> _indexes = new(StringComparer.Ordinal);

    public List<string> Triggers { get; } = [];

    public IEnumerable<string> Tables => _tables.Keys;

    /// <summary>Applies one batch (the text between <c>-- batch</c> lines, or a whole script).</summary>
    public void Apply(string batch)
    {
        var sql = StripComments(batch).Trim();
        if (Regex.IsMatch(sql, @"^CREATE\s+TRIGGER\b", RegexOptions.IgnoreCase))
        {
            var m = Regex.Match(sql, @"^CREATE\s+TRIGGER\s+(?<name>\S+)\s+ON\s+(?<table>\S+)\s+(?<when>INSTEAD\s+OF|AFTER|FOR)\s+(?<events>[A-Z, ]+?)\s+AS\b", RegexOptions.IgnoreCase);
            if (!m.Success) throw new FormatException($"Not understood: {First(sql)}");
            Triggers.Add($"{Id(m.Groups["table"].Value)} {Id(m.Groups["name"].Value)} {Squash(m.Groups["when"].Value).ToUpperInvariant()} {Squash(m.Groups["events"].Value).ToUpperInvariant()}");
            return;
        }
        foreach (var statement in Split(sql, ';').Select(s => s.Trim()).Where(s => s.Length > 0))
            Statement(statement);
    }

    /// <summary>Tables, columns (position, type, collation, nullability, default), constraints and indexes, one line each, sorted.</summary>
    public List<string> Lines(Func<string, bool> include)
    {
        var lines = new List<string>();
        foreach (var (table, columns) in _tables.Where(t => include(t.Key)))
        {
            lines.Add($"table {table}");
            for (var i = 0; i < columns.Count; i++)
            {
                var (name, c) = columns[i];
                lines.Add($"column {table}.{name} #{i + 1} {c.Type}{(c.Collation is null ? "" : " COLLATE " + c.Collation)} {(c.Nullable ? "NULL" : "NOT NULL")}{(c.Default is null ? "" : " DEFAULT " + c.Default)}");
            }
            lines.AddRange(_constraints[table].Select(c => $"constraint {table} {c}"));
        }
        lines.AddRange(_indexes.Values.Where(i => include(i.Table)).Select(i => i.Line));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private void Statement(string s)
    {
        Match m;
        if ((m = Regex.Match(s, @"^CREATE\s+TABLE\s+(?<table>\[[^\]]+\]|""[^""]+""|\w+)\s*\((?<body>.*)\)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)).Success)
        {
            var table = Id(m.Groups["table"].Value);
            if (!_tables.TryAdd(table, [])) throw new FormatException($"Table {table} is created twice.");
            _constraints[table] = [];
            foreach (var item in Split(m.Groups["body"].Value, ',').Select(i => i.Trim()))
                if (Regex.IsMatch(item, @"^CONSTRAINT\b", RegexOptions.IgnoreCase)) _constraints[table].Add(Constraint(item));
                else _tables[table].Add(ColumnOf(item));
        }
        else if ((m = Regex.Match(s, @"^ALTER\s+TABLE\s+(?<table>\S+)\s+(?<verb>ADD|ALTER\s+COLUMN|DROP\s+COLUMN)\s+(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)).Success)
        {
            var table = Id(m.Groups["table"].Value);
            var columns = _tables.GetValueOrDefault(table) ?? throw new FormatException($"ALTER TABLE of an unknown table {table}.");
            var rest = m.Groups["rest"].Value.Trim();
            switch (Squash(m.Groups["verb"].Value).ToUpperInvariant())
            {
                case "ADD" when Regex.IsMatch(rest, @"^COLUMN\b", RegexOptions.IgnoreCase):
                    throw new FormatException($"T-SQL adds a column with ADD, not ADD COLUMN: {First(s)}");
                case "ADD":
                    foreach (var item in Split(rest, ',').Select(i => i.Trim()))
                        if (Regex.IsMatch(item, @"^CONSTRAINT\b", RegexOptions.IgnoreCase)) _constraints[table].Add(Constraint(item));
                        else columns.Add(ColumnOf(item));
                    break;
                case "ALTER COLUMN":
                    var altered = ColumnOf(rest);
                    var at = columns.FindIndex(c => c.Name == altered.Name);
                    if (at < 0) throw new FormatException($"ALTER COLUMN of an unknown column: {First(s)}");
                    columns[at] = altered with { Column = altered.Column with { Default = columns[at].Column.Default } };
                    break;
                default:
                    if (columns.RemoveAll(c => c.Name == Id(rest)) != 1) throw new FormatException($"DROP COLUMN of an unknown column: {First(s)}");
                    break;
            }
        }
        else if ((m = Regex.Match(s, @"^CREATE\s+(?<unique>UNIQUE\s+)?(NONCLUSTERED\s+)?INDEX\s+(?<name>\S+)\s+ON\s+(?<table>\S+)\s*\((?<columns>[^)]*)\)(\s+WHERE\s+(?<filter>.*))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline)).Success)
        {
            var (name, table) = (Id(m.Groups["name"].Value), Id(m.Groups["table"].Value));
            var columns = string.Join(", ", Split(m.Groups["columns"].Value, ',').Select(c => Squash(Brackets(c.Trim()))));
            var filter = m.Groups["filter"].Success ? " WHERE " + Squash(Brackets(m.Groups["filter"].Value)) : "";
            if (!_indexes.TryAdd(name, (table, $"index {table} {name} {(m.Groups["unique"].Success ? "UNIQUE " : "")}({columns}){filter}")))
                throw new FormatException($"Index {name} is created twice.");
        }
        else if ((m = Regex.Match(s, @"^DROP\s+INDEX\s+(?<name>\S+)\s+ON\s+\S+$", RegexOptions.IgnoreCase)).Success)
        {
            if (!_indexes.Remove(Id(m.Groups["name"].Value))) throw new FormatException($"DROP INDEX of an unknown index: {s}");
        }
        else if (Regex.IsMatch(s, @"^(UPDATE|INSERT|DELETE)\b", RegexOptions.IgnoreCase))
        {
            // a data change (V0008 fills in the vouchers' province): it moves rows, not the schema
        }
        else throw new FormatException($"Not understood: {First(s)}");
    }

    private static (string Name, Column Column) ColumnOf(string item)
    {
        var m = Regex.Match(item, @"^(?<name>\[[^\]]+\]|""[^""]+""|\w+)\s+(?<type>\w+(\s*\([^)]*\))?)(\s+COLLATE\s+(?<collation>\w+))?(\s+(?<null>NOT\s+NULL|NULL))?(\s+(?<identity>IDENTITY(\s*\(\s*1\s*,\s*1\s*\))?))?(\s+(CONSTRAINT\s+\S+\s+)?DEFAULT\s+(?<default>.+))?$",
            RegexOptions.IgnoreCase | RegexOptions.Singleline);
        if (!m.Success) throw new FormatException($"Column not understood: {item}");
        return (Id(m.Groups["name"].Value), new Column(
            Regex.Replace(m.Groups["type"].Value, @"\s+", "").ToLowerInvariant() + (m.Groups["identity"].Success ? " identity" : ""), // IDENTITY and IDENTITY(1,1) are one
            m.Groups["collation"].Success ? m.Groups["collation"].Value : null,
            !(m.Groups["null"].Success && m.Groups["null"].Value.StartsWith("NOT", StringComparison.OrdinalIgnoreCase)),
            m.Groups["default"].Success ? Squash(m.Groups["default"].Value) : null));
    }

    private static string Constraint(string item)
    {
        var m = Regex.Match(item, @"^CONSTRAINT\s+(?<name>\S+)\s+(?<what>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline);
        var what = Squash(Brackets(m.Groups["what"].Value));
        // ON DELETE NO ACTION is what a foreign key without ON DELETE does
        if (what.StartsWith("FOREIGN KEY", StringComparison.OrdinalIgnoreCase) && !what.Contains(" ON DELETE ", StringComparison.OrdinalIgnoreCase))
            what += " ON DELETE NO ACTION";
        return $"{Id(m.Groups["name"].Value)} {what}";
    }

    /// <summary>Removes <c>--</c> comments outside string literals.</summary>
    internal static string StripComments(string sql)
    {
        var sb = new StringBuilder();
        var inString = false;
        for (var i = 0; i < sql.Length; i++)
        {
            if (sql[i] == '\'') inString = !inString;
            if (!inString && sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                if (i < sql.Length) sb.Append('\n');
                continue;
            }
            sb.Append(sql[i]);
        }
        return sb.ToString();
    }

    /// <summary>Splits at <paramref name="separator"/> outside parentheses, brackets and string literals.</summary>
    internal static List<string> Split(string sql, char separator)
    {
        var parts = new List<string>();
        var (depth, inString, inBracket, start) = (0, false, false, 0);
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (inString) { if (c == '\'') inString = false; continue; }
            if (inBracket) { if (c == ']') inBracket = false; continue; }
            if (c == '\'') inString = true;
            else if (c == '[') inBracket = true;
            else if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == separator && depth == 0) { parts.Add(sql[start..i]); start = i + 1; }
        }
        if (depth != 0 || inString || inBracket) throw new FormatException($"Unbalanced parentheses, brackets or quotes in: {First(sql)}");
        parts.Add(sql[start..]);
        return parts;
    }

    /// <summary>An identifier without its quoting: [x], "x" or x.</summary>
    private static string Id(string s) => s.Trim().Trim('[', ']', '"');

    /// <summary>"x" and [x] are the same identifier (QUOTED_IDENTIFIER ON): compare both as [x].</summary>
    private static string Brackets(string s) => QuotedIdentifier().Replace(s, "[$1]");

    private static string Squash(string s) => Regex.Replace(s.Trim(), @"\s+", " ");

    private static string First(string s) => Squash(s) is var q && q.Length > 120 ? q[..120] + "…" : q;

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedIdentifier();
}
