namespace Erp.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root (the folder holding Erp.Web.sln), found from the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Erp.Web.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Erp.Web.sln not found above " + AppContext.BaseDirectory);
    }
}
