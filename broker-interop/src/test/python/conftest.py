"""pytest's options for the tests that drive the test server (./stompede test-server): where its
STOMP port and its control API are. The other scripts here run on their own, not under pytest."""
import pytest


def pytest_addoption(parser):
    parser.addoption("--stomp-port", type=int, help="the test server's STOMP TCP port")
    parser.addoption("--control", help="the test server's control URL, http://127.0.0.1:PORT")


@pytest.fixture
def server(request):
    """The test server's address: .host, .port (STOMP over TCP) and .control (the HTTP API)."""
    class Server:
        host = "127.0.0.1"
        port = request.config.getoption("--stomp-port")
        control = request.config.getoption("--control")
    return Server
