using System.Net;

namespace Erp.Tests.Support;

/// <summary>A form as a page renders it: where it posts and its antiforgery token.</summary>
public sealed record PageForm(string Action, string Token);

/// <summary>Posts the app's forms the way a browser does: read the page, then post its fields to its action.</summary>
public static class FormPosts
{
    /// <summary>Reads <paramref name="page"/> and finds the form with id <paramref name="formId"/>.</summary>
    public static async Task<PageForm> ReadFormAsync(this HttpClient client, string page, string formId)
    {
        var response = await client.GetAsync(page);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {page} answered {(int)response.StatusCode}.");
        }
        var form = (await response.ReadHtmlAsync()).GetElementById(formId);
        if (form?.GetAttribute("action") is not { } action || form.AntiforgeryToken() is not { } token)
        {
            throw new InvalidOperationException($"{page} has no form #{formId} with an action and an antiforgery field.");
        }
        return new PageForm(action, token);
    }

    /// <summary>Posts <paramref name="fields"/> to the form; <paramref name="htmx"/> adds the headers htmx sends.</summary>
    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, PageForm form, IEnumerable<KeyValuePair<string, string>> fields,
        bool htmx = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, form.Action)
        {
            Content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", form.Token)]),
        };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        return client.SendAsync(request);
    }

    /// <summary>Reads the form on <paramref name="page"/> and posts <paramref name="fields"/> to it.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string page, string formId,
        IEnumerable<KeyValuePair<string, string>> fields, bool htmx = false) =>
        await client.PostAsync(await client.ReadFormAsync(page, formId), fields, htmx);

    /// <summary>The message the field's &lt;field-error&gt; rendered (role="alert"), or null when it has none.</summary>
    public static string? FieldError(string html, string field) => Html.Parse(html).FieldError(field);

    /// <summary>The value attribute of the input bound to <paramref name="field"/>, as rendered.</summary>
    public static string? InputValue(string html, string field) => Html.Parse(html).ValueOf(field);
}
