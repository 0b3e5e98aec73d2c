import AsyncHTTPClient
import _CryptoExtras
/// placeholder
public enum GraphClientPlaceholder {}
