using System.Runtime.CompilerServices;

namespace Decnet.Engine.Ingest;

// Fixed-size stack buffers for the hot path. Unlike stackalloc, they leave the method eligible for tiered
// compilation with profile-guided optimisation (methods with stackalloc are compiled once, without a profile).

[InlineArray(32)]
internal struct Bytes32
{
    private byte _element;
}

[InlineArray(64)]
internal struct Bytes64
{
    private byte _element;
}
