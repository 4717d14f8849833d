namespace Erp.Web.Paging;

public static class PageSize
{
    public const int Default = 50;
    public const int Max = 200;

    /// <summary>Pages clamp the requested size (the API refuses sizes above <see cref="Max"/> instead).</summary>
    public static int Clamp(int? requested) => Math.Clamp(requested ?? Default, 1, Max);
}
