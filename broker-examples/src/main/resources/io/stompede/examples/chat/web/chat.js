// The chat page: sign in, the room list, one room at a time, through one STOMP connection
// (stompjs over the WebSocket at /stomp on this page's own origin). The server is the truth:
// it sets each message's writer, and says who is in a room; this page only shows it.
'use strict';

(() => {
  // What a room's topic retains: messages and comings and goings; of the past, only messages are shown.
  const ROOM_HISTORY = 300;
  const ROOM_LIST_HISTORY = 1000;
  // How often the page asks again who is in the room: another instance's members can reach this
  // one's server a moment after the page asked, and ENTER and LEAVE tell only of changes.
  const MEMBERS_REFRESH_MS = 10000;
  const $ = (id) => document.getElementById(id);

  let client = null;
  let me = null;
  let connectedOnce = false;
  let wantedRoomName = null;        // a room this user just created, to enter once announced
  const rooms = new Map();          // chatRoomId -> {chatRoomId, name, createdBy}
  let room = null;                  // {id, subscription, seen: Set of event ids, members: []}

  // ---- connection -------------------------------------------------------------------------

  function signIn(name, password) {
    showSignInError(null);
    me = name;
    connectedOnce = false;
    setState('connecting');
    client = new StompJs.Client({
      brokerURL: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/stomp',
      connectHeaders: { login: name, passcode: password },
      // Reconnects by itself, for example after the server restarts; heart-beats find a dead link.
      reconnectDelay: 1000,
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      onConnect: connected,
      onStompError: refused,
      onWebSocketClose: () => {
        if (client && client.active) {
          setState(connectedOnce ? 'reconnecting' : 'connecting');
        }
      },
    });
    client.activate();
  }

  function connected() {
    connectedOnce = true;
    setState('connected');
    $('me').textContent = me;
    $('sign-out').hidden = false;
    $('sign-in').hidden = true;
    $('chat').hidden = false;
    // Every (re)connection starts with no subscriptions: take the list and the room again.
    // What arrives twice is shown once, by the ids the server gives.
    client.subscribe('/subscribe/chat/rooms', roomAnnounced, { 'x-history': String(ROOM_LIST_HISTORY) });
    if (room) {
      subscribeRoom();
    } else {
      enterRoom(roomFromHash());
    }
  }

  function refused(frame) {
    const reason = frame.headers.message || 'refused';
    if (!connectedOnce) {
      // Refused before it ever got in: the name or password is wrong. Do not retry.
      stop();
      showSignInError(reason === 'authentication failed'
        ? 'Wrong name or password.'
        : 'The server refused: ' + reason);
      return;
    }
    notify('The server refused: ' + reason + '. Reconnecting.');
  }

  function stop() {
    if (client) {
      client.deactivate();
      client = null;
    }
    setState('offline');
  }

  function signOut() {
    stop();
    me = null;
    rooms.clear();
    room = null;
    $('rooms').replaceChildren();
    $('me').textContent = '';
    $('sign-out').hidden = true;
    $('chat').hidden = true;
    $('sign-in').hidden = false;
    $('password').value = '';
  }

  function setState(state) {
    $('state').dataset.state = state;
    $('state').textContent = state;
    $('send').disabled = state !== 'connected';
  }

  // ---- rooms ------------------------------------------------------------------------------

  function roomAnnounced(frame) {
    const announced = JSON.parse(frame.body);
    if (!rooms.has(announced.chatRoomId)) {
      rooms.set(announced.chatRoomId, announced);
      renderRooms();
    }
    if (wantedRoomName && announced.name === wantedRoomName && announced.createdBy === me) {
      wantedRoomName = null;
      location.hash = '#room/' + announced.chatRoomId;
    }
    if (room && room.id === announced.chatRoomId) {
      $('room-name').textContent = announced.name;
    }
  }

  function renderRooms() {
    const items = [...rooms.values()].sort((a, b) => a.chatRoomId - b.chatRoomId).map((r) => {
      const link = document.createElement('a');
      link.href = '#room/' + r.chatRoomId;
      link.textContent = r.name;
      const item = document.createElement('li');
      item.dataset.roomId = r.chatRoomId;
      item.classList.toggle('active', room !== null && room.id === r.chatRoomId);
      item.append(link);
      return item;
    });
    $('rooms').replaceChildren(...items);
    $('no-rooms').hidden = rooms.size > 0;
  }

  function roomFromHash() {
    const match = /^#room\/([1-9][0-9]*)$/.exec(location.hash);
    return match ? Number(match[1]) : null;
  }

  function enterRoom(id) {
    if (room && room.id === id) {
      return;
    }
    if (room && room.subscription && client && client.connected) {
      room.subscription.unsubscribe();
    }
    room = id === null ? null : { id, subscription: null, seen: new Set(), members: [] };
    document.body.classList.toggle('in-room', room !== null);
    $('no-room').hidden = room !== null;
    $('room-view').hidden = room === null;
    $('messages').replaceChildren();
    $('members').replaceChildren();
    renderRooms();
    if (room) {
      $('room-name').textContent = rooms.has(id) ? rooms.get(id).name : 'Room ' + id;
      if (client && client.connected) {
        subscribeRoom();
      }
      $('message').focus();
    }
  }

  function subscribeRoom() {
    const id = room.id;
    room.subscription = client.subscribe('/subscribe/chat/room/' + id, (frame) => roomEvent(id, frame),
      { 'x-history': String(ROOM_HISTORY) });
    askMembers();
  }

  // Who is here already: an ENTER comes only when someone is new to the room, not for a second tab.
  function askMembers() {
    if (!room || !client || !client.connected) {
      return;
    }
    const id = room.id;
    client.publish({
      destination: '/publish/chat/members',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatRoomId: id }),
    });
  }

  // ---- one room ---------------------------------------------------------------------------

  function roomEvent(id, frame) {
    if (!room || room.id !== id) {
      return;
    }
    const event = JSON.parse(frame.body);
    const fromHistory = frame.headers['x-history'] === 'true';
    if (event.type === 'MEMBERS') {
      showMembers(event.members);
      return;
    }
    if (room.seen.has(event.id)) {
      return;
    }
    room.seen.add(event.id);
    if (event.type === 'ENTER' || event.type === 'LEAVE') {
      if (fromHistory) {
        // Who came and went before this page was here is no news, and the MEMBERS answer tells who is here.
        return;
      }
      showMembers(event.members);
    }
    const list = $('messages');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(event.type === 'MESSAGE' ? messageItem(event) : presenceItem(event));
    if (atBottom || event.writer === me) {
      list.scrollTop = list.scrollHeight;
    }
  }

  function messageItem(event) {
    const item = document.createElement('li');
    item.className = 'message' + (event.writer === me ? ' mine' : '');
    item.dataset.id = event.id;
    const writer = document.createElement('span');
    writer.className = 'writer';
    writer.textContent = event.writer;
    const time = document.createElement('time');
    time.dateTime = event.sentAt;
    time.textContent = new Date(event.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const text = document.createElement('p');
    text.className = 'text';
    text.textContent = event.message;
    item.append(writer, time, text);
    return item;
  }

  function presenceItem(event) {
    const item = document.createElement('li');
    item.className = 'event';
    item.dataset.id = event.id;
    item.textContent = event.writer + (event.type === 'ENTER' ? ' entered' : ' left');
    return item;
  }

  function showMembers(members) {
    // This page is in the room, whatever a list computed a moment before it arrived says.
    room.members = [...new Set([...(members || []), me])].sort();
    $('members').replaceChildren(...room.members.map((name) => {
      const item = document.createElement('li');
      item.dataset.user = name;
      item.textContent = name;
      return item;
    }));
  }

  // ---- forms ------------------------------------------------------------------------------

  function send(event) {
    event.preventDefault();
    const text = $('message').value.trim();
    if (!text || !room || !client || !client.connected) {
      return;
    }
    client.publish({
      destination: '/publish/chat',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatRoomId: room.id, type: 'MESSAGE', message: text }),
    });
    $('message').value = '';
  }

  function createRoom(event) {
    event.preventDefault();
    const name = $('new-room-name').value.trim();
    if (!name || !client || !client.connected) {
      return;
    }
    const taken = [...rooms.values()].find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (taken) {
      location.hash = '#room/' + taken.chatRoomId;
    } else {
      wantedRoomName = name;
      client.publish({
        destination: '/publish/chat/rooms',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
    }
    $('new-room-name').value = '';
  }

  // Names are kept in lower case: Alice signs in as alice, the name the server gives her messages.
  function typedName() {
    return $('name').value.trim().toLowerCase();
  }

  async function signUp() {
    const name = typedName();
    const password = $('password').value;
    showSignInError(null);
    const response = await fetch('signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    if (response.status === 201) {
      signIn(name, password);
    } else {
      const answer = await response.json().catch(() => ({}));
      showSignInError(answer.error || 'Sign-up failed (' + response.status + ').');
    }
  }

  function showSignInError(text) {
    $('sign-in-error').textContent = text || '';
    $('sign-in-error').hidden = !text;
  }

  let noticeTimer = null;
  function notify(text) {
    $('notice').textContent = text;
    $('notice').hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { $('notice').hidden = true; }, 5000);
  }

  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn(typedName(), $('password').value);
  });
  $('sign-up-button').addEventListener('click', signUp);
  $('sign-out').addEventListener('click', signOut);
  $('composer').addEventListener('submit', send);
  $('new-room-form').addEventListener('submit', createRoom);
  window.addEventListener('hashchange', () => {
    if (client) {
      enterRoom(roomFromHash());
    }
  });
  setInterval(askMembers, MEMBERS_REFRESH_MS);
  setState('offline');
})();
