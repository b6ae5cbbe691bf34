namespace Decnet.Engine.Config;

public enum DecnetMode { Master, Agent }
