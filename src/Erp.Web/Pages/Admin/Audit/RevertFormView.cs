namespace Erp.Web.Pages.Admin.Audit;

/// <summary>The ViewData key under which a POST's <see cref="Erp.Data.Audit.RevertResult"/> reaches the _RevertForm partial.</summary>
public static class RevertFormView
{
    public const string ResultKey = "RevertResult";
}
