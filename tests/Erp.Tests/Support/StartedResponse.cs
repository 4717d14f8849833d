using Microsoft.AspNetCore.Http.Features;

namespace Erp.Tests.Support;

/// <summary>A response feature for unit tests of middleware: its OnStarting callbacks run when the test starts the response.</summary>
internal sealed class StartedResponse : HttpResponseFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

    public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

    /// <summary>Runs the callbacks as Kestrel does: the last registered first.</summary>
    public void Start()
    {
        for (var i = _starting.Count - 1; i >= 0; i--)
        {
            _starting[i].Callback(_starting[i].State).GetAwaiter().GetResult();
        }
    }
}
