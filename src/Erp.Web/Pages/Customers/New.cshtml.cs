using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Web.Forms;
using Erp.Web.Htmx;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Customers;

public sealed class NewModel(CustomerStore store) : CustomerFormPage
{
    public override string FormUrl => Url.Page("/Customers/New")!;

    public override int? EditedVersion => null;

    public void OnGet() => Input = new CustomerForm { CreditLimit = "0.00" };

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ValidInput() is not { } input)
        {
            return Invalid();
        }
        var result = await store.CreateAsync(input, ct);
        return result.Status == SaveStatus.Saved
            ? this.NavigateTo(Url.Page("/Customers/Details", new { id = result.Row!.Id })!)
            : Duplicate(result.DuplicateKey);
    }
}
