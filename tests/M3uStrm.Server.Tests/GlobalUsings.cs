global using System.Net;
global using System.Net.Http.Json;
global using M3uStrm.Server.Tests.Infrastructure;

// One server at a time: the tests start real servers and real databases; running them in parallel on
// two cores only makes start-up slower and timing-dependent.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
