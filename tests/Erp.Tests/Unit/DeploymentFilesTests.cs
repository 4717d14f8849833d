using Erp.Tests.Support;
using Erp.Web.Security;
using YamlDotNet.RepresentationModel;

namespace Erp.Tests.Unit;

/// <summary>Docker and GitHub Actions cannot run on the development machines; these checks keep the files coherent.</summary>
public sealed class DeploymentFilesTests
{
    private static YamlMappingNode Yaml(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(RepoPaths.Root, path))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];

    [Fact]
    public void Dockerfile_is_multi_stage_with_node_in_the_build_a_non_root_runtime_and_a_liveness_healthcheck()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "Dockerfile"));
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, stages.Count);
        Assert.Contains("sdk:10.0", stages[0]);
        Assert.Contains("aspnet:10.0", stages[1]);
        var runtime = lines.SkipWhile(l => l != stages[1]).ToList();
        var build = lines.TakeWhile(l => l != stages[1]).ToList();
        Assert.Contains(build, l => l.StartsWith("RUN ", StringComparison.Ordinal) && l.Contains("nodejs"));
        Assert.Contains(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal) && !l.Contains("root"));
        Assert.Contains(runtime, l => l.Contains("/health/live"));
        Assert.Contains(runtime, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal) && l.Contains("Erp.Web.dll"));
    }

    [Fact]
    public void Compose_runs_the_app_with_mariadb_10_11_and_redis()
    {
        var services = Map(Yaml("docker-compose.yml"), "services");

        Assert.Equal("mariadb:10.11", ((YamlScalarNode)Map(services, "mariadb")["image"]).Value);
        Assert.StartsWith("redis", ((YamlScalarNode)Map(services, "redis")["image"]).Value);
        var environment = Map(Map(services, "app"), "environment");
        Assert.Contains("Server=mariadb", ((YamlScalarNode)environment["ConnectionStrings__Erp"]).Value);
        Assert.StartsWith("redis:6379", ((YamlScalarNode)environment["ConnectionStrings__Redis"]).Value);
    }

    [Fact]
    public void Compose_publishes_no_secret_and_asks_the_operator_for_the_signing_key_and_the_company()
    {
        var environment = Map(Map(Map(Yaml("docker-compose.yml"), "services"), "app"), "environment");
        var settings = environment.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value);

        Assert.All(settings, s => Assert.False(PlaceholderSecrets.IsPlaceholder(s.Key, s.Value), $"{s.Key} holds a published placeholder"));
        Assert.Matches(@"^\$\{ERP_CURSOR_SIGNING_KEY:\?.+\}$", settings["Cursor__SigningKey"]);
        Assert.Matches(@"^\$\{ERP_JWT_SIGNING_KEY:\?.+\}$", settings["Jwt__SigningKey"]);
        Assert.Matches(@"^\$\{ERP_COMPANY_NAME:\?.+\}$", settings["Company__Name"]);
        Assert.All(new[] { "Seed__AdminPassword", "Seed__EmployeePassword" },
            key => Assert.StartsWith("${", settings[key]));
    }

    [Fact]
    public void Workflow_runs_the_readme_test_command_in_debian_12_with_the_dotnet_sdk_against_service_containers()
    {
        var job = Map(Map(Yaml(".github/workflows/ci.yml"), "jobs"), "test");

        Assert.Equal("mariadb:10.11", ((YamlScalarNode)Map(Map(job, "services"), "mariadb")["image"]).Value);
        Assert.Equal("debian:12", ((YamlScalarNode)Map(job, "container")["image"]).Value);
        Assert.Contains(((YamlSequenceNode)job["steps"]).Children.OfType<YamlMappingNode>(),
            s => s.Children.ContainsKey("uses") && ((YamlScalarNode)s["uses"]).Value!.StartsWith("actions/setup-dotnet", StringComparison.Ordinal));
        Assert.Equal("1", ((YamlScalarNode)Map(job, "env")["ERP_EXTERNAL_SERVICES"]).Value);
        var runs = ((YamlSequenceNode)job["steps"]).Children.OfType<YamlMappingNode>()
            .Where(s => s.Children.ContainsKey("run")).Select(s => ((YamlScalarNode)s["run"]).Value).ToList();
        Assert.Contains("bash scripts/test.sh", runs);
        Assert.Contains("bash scripts/test.sh", File.ReadAllText(Path.Combine(RepoPaths.Root, ".ci", "run")));
        Assert.Contains("bash scripts/test.sh", File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")));
    }
}
