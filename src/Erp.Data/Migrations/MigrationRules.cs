using System.Text;

namespace Erp.Data.Migrations;

/// <summary>
/// MySQL commits every DDL statement on its own, so a script with two of them can stop halfway and
/// leave a schema no version describes. From <see cref="FirstSingleStatementVersion"/> on, a script
/// holds exactly one statement: one DDL statement, or one data statement (UPDATE, INSERT ... SELECT)
/// in its own file. 0008 creates two tables and was applied before the rule; it stays as it is.
/// </summary>
public static class MigrationRules
{
    public const int FirstSingleStatementVersion = 10;

    private static readonly string[] Ddl = ["CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE"];
    private static readonly string[] Data = ["INSERT", "UPDATE", "DELETE", "REPLACE"];

    /// <summary>Null when the script follows the rule, otherwise what is wrong with it.</summary>
    public static string? Check(int version, string sql)
    {
        if (version < FirstSingleStatementVersion)
        {
            return null;
        }
        var statements = Statements(sql);
        if (statements.Count != 1)
        {
            return $"holds {statements.Count} statements; a migration from {FirstSingleStatementVersion:D4} on holds exactly one " +
                   "(one DDL statement, or one data statement in its own file).";
        }
        var verb = statements[0].Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0].ToUpperInvariant();
        return Ddl.Contains(verb) || Data.Contains(verb)
            ? null
            : $"starts with {verb}; a migration is one DDL statement ({string.Join(", ", Ddl)}) or one data statement ({string.Join(", ", Data)}).";
    }

    /// <summary>The statements of a script: split on semicolons outside quotes, comments removed, empty ones dropped.</summary>
    public static IReadOnlyList<string> Statements(string sql)
    {
        var statements = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if ((c == '-' && next == '-') || c == '#')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }
                current.Append('\n');
            }
            else if (c == '/' && next == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 1;
                current.Append(' ');
            }
            else if (c is '\'' or '"' or '`')
            {
                var start = i;
                for (i++; i < sql.Length && sql[i] != c; i++)
                {
                    if (sql[i] == '\\')
                    {
                        i++;
                    }
                }
                current.Append(sql, start, Math.Min(i, sql.Length - 1) - start + 1);
            }
            else if (c == ';')
            {
                Add(statements, current);
            }
            else
            {
                current.Append(c);
            }
        }
        Add(statements, current);
        return statements;
    }

    private static void Add(List<string> statements, StringBuilder current)
    {
        var text = current.ToString().Trim();
        if (text.Length > 0)
        {
            statements.Add(text);
        }
        current.Clear();
    }
}
