using Erp.Data.Customers;
using Erp.Data.Infrastructure;
using Erp.Web.Forms;
using Erp.Web.Htmx;
using Erp.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Erp.Web.Pages.Customers;

public sealed class NewModel(CustomerStore store) : CustomerFormPage
{
    public override string FormUrl => Url.Page("/Customers/New")!;

    public override int? EditedVersion => null;

    private const string NewCreditLimit = "0.00";

    public void OnGet() => Input = new CustomerForm { CreditLimit = NewCreditLimit };

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await this.MayAsync(Policies.ManageCredit))
        {
            KeepCreditLimit(NewCreditLimit);
        }
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
