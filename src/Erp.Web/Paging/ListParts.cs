namespace Erp.Web.Paging;

/// <summary>Model of Shared/_ListStatusRow: the error or "nothing found" row inside a list's tbody.</summary>
public sealed record ListStatusRow(string Entity, int Columns, string? Error, bool Empty, string FirstPageUrl);

/// <summary>Model of Shared/_ListFooter: loading indicator and the no-JavaScript "Next page" link.</summary>
public sealed record ListFooter(string Entity, string? NextUrl);
