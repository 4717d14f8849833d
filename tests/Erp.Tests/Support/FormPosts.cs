using System.Net;
using System.Text.RegularExpressions;

namespace Erp.Tests.Support;

/// <summary>A form as a page renders it: where it posts and its antiforgery token.</summary>
public sealed record PageForm(string Action, string Token);

/// <summary>Posts the app's forms the way a browser does: read the page, then post its fields to its action.</summary>
public static partial class FormPosts
{
    /// <summary>Reads <paramref name="page"/> and finds the form with id <paramref name="formId"/>.</summary>
    public static async Task<PageForm> ReadFormAsync(this HttpClient client, string page, string formId)
    {
        var response = await client.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {page} answered {(int)response.StatusCode}.");
        }
        var tag = Regex.Match(html, $"<form id=\"{Regex.Escape(formId)}\"[^>]*>");
        var action = Regex.Match(tag.Value, "action=\"([^\"]+)\"");
        var token = Token().Match(html[tag.Index..]);
        if (!tag.Success || !action.Success || !token.Success)
        {
            throw new InvalidOperationException($"{page} has no form #{formId} with an action and an antiforgery field.");
        }
        return new PageForm(WebUtility.HtmlDecode(action.Groups[1].Value), WebUtility.HtmlDecode(token.Groups[1].Value));
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
    public static string? FieldError(string html, string field)
    {
        var id = field.Replace('.', '_') + "-error";
        var match = Regex.Match(html, $"<span class=\"field-error\" role=\"alert\" id=\"{Regex.Escape(id)}\">([^<]*)</span>");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    /// <summary>The value attribute of the input bound to <paramref name="field"/>, as rendered.</summary>
    public static string? InputValue(string html, string field)
    {
        var tag = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(field)}\"[^>]*>");
        var value = Regex.Match(tag.Value, "value=\"([^\"]*)\"");
        return value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
