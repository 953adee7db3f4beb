// Copyright 2026 resonance_robot contributors; SPDX-License-Identifier: Apache-2.0
// The dashboard page: one WebSocket of JSON messages {type: state|camera|face}; no libraries.
'use strict';

const COLOURS = {
  happy: '#2e7d32', excited: '#66bb6a', sad: '#1565c0', scared: '#6a1b9a', angry: '#c62828',
  disgusted: '#8d6e63', surprised: '#f9a825', neutral: '#90a4ae', tired: '#78909c',
  confused: '#ff8f00', unknown: '#bdbdbd',
};
const SOURCES = [['fused', '#1565c0'], ['face', '#ef6c00'], ['voice', '#6a1b9a']];
const $ = (id) => document.getElementById(id);
let updates = 0;
let lastState = null;

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const fmt = (x) => (x === null || x === undefined ? '–' : (x >= 0 ? '+' : '') + x.toFixed(2));

function badge(id, on, textOn, textOff) {
  const node = $(id);
  node.dataset.on = String(on);
  node.textContent = on ? textOn : textOff;
}

function showFlags(state) {
  const flags = state.flags;
  badge('privacy-state', flags.privacy, 'privacy ON', 'privacy off');
  badge('estop-state', flags.estop, 'E-STOP PRESSED', 'e-stop released');
  $('speaking-state').textContent = flags.robot_speaking ? 'robot speaking' : 'robot quiet';
  $('speaking-state').className = 'badge' + (flags.robot_speaking ? ' good' : '');
  $('listening-state').textContent = flags.person_speaking ? 'person speaking' : 'person quiet';
  $('listening-state').className = 'badge' + (flags.person_speaking ? ' good' : '');
  const tree = state.tree ? state.tree.state : null;
  if (tree) {
    $('guard-state').textContent = `${tree.deployment_context}: ` +
      (tree.guard_allowed ? 'inference allowed' : 'inference refused');
    $('guard-state').className = 'badge ' + (tree.guard_allowed ? 'good' : 'bad');
    $('guard-state').title = tree.guard;
    $('disclosure').textContent = 'disclosure given to: ' +
      (tree.disclosed.length ? tree.disclosed.join(', ') : 'nobody yet') + ' · ' + tree.guard;
  }
}

function showFaces(state) {
  const boxes = $('camera-boxes');
  const list = $('faces');
  boxes.replaceChildren();
  list.replaceChildren();
  const faces = state.flags.privacy || !state.faces ? [] : state.faces.faces;
  if (state.faces) boxes.setAttribute('viewBox', `0 0 ${state.faces.width} ${state.faces.height}`);
  for (const face of faces) {
    const [x, y, w, h] = face.box;
    const colour = COLOURS[face.expression] || '#fff';
    const group = svg('g', {class: 'face', 'data-expression': face.expression});
    group.append(svg('rect', {x, y, width: w, height: h, stroke: colour}));
    group.append(svg('text', {x, y: Math.max(16, y - 6)},
                     `${face.id} ${face.expression} v${fmt(face.valence)} a${fmt(face.arousal)}`));
    boxes.append(group);
    list.append(el('li', {class: 'face', 'data-expression': face.expression},
                   `${face.id}: ${face.expression} (confidence ${face.confidence.toFixed(2)}), ` +
                   `valence ${fmt(face.valence)}, arousal ${fmt(face.arousal)}`));
  }
}

function showImage(imgId, jpeg, privacy, container) {
  const img = $(imgId);
  if (jpeg) {
    img.src = jpeg;
  } else {
    img.removeAttribute('src');
  }
  if (container) {
    container.dataset.blank = String(!jpeg);
    $('camera-note').textContent = jpeg ? '' :
      (privacy ? 'camera hidden: privacy mode' : 'no camera frame');
  }
}

function drawCircumplex(state) {
  const canvas = $('circumplex');
  const g = canvas.getContext('2d');
  const size = canvas.width;
  const c = size / 2;
  const r = size / 2 - 24;
  g.clearRect(0, 0, size, size);
  g.strokeStyle = '#ccc';
  g.beginPath();
  g.arc(c, c, r, 0, 2 * Math.PI);
  g.moveTo(c - r, c); g.lineTo(c + r, c); g.moveTo(c, c - r); g.lineTo(c, c + r);
  g.stroke();
  g.fillStyle = '#777';
  g.font = '11px sans-serif';
  g.fillText('pleasant', c + r - 44, c - 4); g.fillText('unpleasant', c - r, c - 4);
  g.fillText('aroused', c + 4, c - r + 10); g.fillText('calm', c + 4, c + r - 2);
  for (const person of state.persons) {
    for (const [source, colour] of [...SOURCES].reverse()) {  // fused last, on top
      const point = person[source];
      if (!point || point.valence === null || point.arousal === null) continue;
      const x = c + point.valence * r;
      const y = c - point.arousal * r;
      g.fillStyle = colour;
      g.strokeStyle = colour;
      g.lineWidth = 3;
      g.beginPath();
      g.arc(x, y, source === 'fused' ? 9 : 4, 0, 2 * Math.PI);
      if (source === 'fused') g.stroke(); else g.fill();
      g.lineWidth = 1;
      if (source === 'fused') g.fillText(`${person.id} ${point.expression}`, x - 30, y - 13);
    }
  }
}

function drawTimeline(state) {
  const canvas = $('timeline');
  const g = canvas.getContext('2d');
  const w = canvas.width;
  const h = canvas.height;
  const span = state.history_seconds;
  g.clearRect(0, 0, w, h);
  g.strokeStyle = '#ddd';
  g.beginPath(); g.moveTo(0, h / 2); g.lineTo(w, h / 2); g.stroke();
  g.fillStyle = '#777';
  g.font = '11px sans-serif';
  g.fillText(`-${span} s`, 2, h - 4); g.fillText('now', w - 24, h - 4);
  g.fillText('+1', 2, 10); g.fillText('-1', 2, h - 16);
  for (const columns of Object.values(state.history)) {
    for (const [source, colour] of SOURCES) {
      const prefix = source === 'fused' ? '' : source + '_';
      for (const [quantity, dash] of [['valence', []], ['arousal', [5, 4]]]) {
        const values = columns[prefix + quantity];
        g.strokeStyle = colour;
        g.setLineDash(dash);
        g.beginPath();
        let pen = false;
        columns.t.forEach((t, i) => {
          const v = values[i];
          if (v === null) { pen = false; return; }
          const x = w * (1 + t / span);
          const y = h / 2 - v * (h / 2 - 4);
          if (pen) g.lineTo(x, y); else g.moveTo(x, y);
          pen = true;
        });
        g.stroke();
      }
    }
  }
  g.setLineDash([]);
}

function showPersons(state) {
  const list = $('persons');
  list.replaceChildren();
  for (const person of state.persons) {
    const parts = SOURCES.map(([source]) => person[source] ?
      `${source} ${person[source].expression} v${fmt(person[source].valence)} ` +
      `a${fmt(person[source].arousal)}` : `${source} –`);
    const said = person.transcript ? ` · said "${person.transcript}"` : '';
    list.append(el('li', {class: 'person', 'data-expression': person.fused.expression},
                   `${person.id}${person.engaged ? ' (engaged)' : ''}${person.stale ?
                     ' (stale)' : ''}: ${parts.join(' · ')}${said}`));
  }
}

function treeNode(node) {
  const item = el('li', {class: `${node.status}${node.active ? ' active' : ''}`,
                         'data-name': node.name});
  item.append(el('span', {class: 'name'}, node.name), ' ',
              el('span', {class: 'status'}, node.status.toLowerCase()));
  if (node.feedback) item.append(el('span', {class: 'small'}, ` ${node.feedback}`));
  if (node.children.length) {
    const list = el('ul');
    node.children.forEach((child) => list.append(treeNode(child)));
    item.append(list);
  }
  return item;
}

function showTree(state) {
  if (!state.tree) return;
  const root = el('ul');
  root.append(treeNode(state.tree.root));
  $('tree').replaceChildren(root);
  $('branch').textContent = state.tree.branch ? 'running: ' + state.tree.branch : '';
  $('branch').dataset.branch = state.tree.branch;
}

function showDecisions(state) {
  const list = $('decisions');
  list.replaceChildren();
  for (const d of state.decisions) {
    const item = el('li', {class: 'decision', 'data-action': d.action},
                    `${d.action}${d.target ? ' → ' + d.target : ''} (${d.age.toFixed(0)} s ago): ` +
                    d.reason);
    if (d.evidence.length) item.append(el('div', {class: 'evidence'}, d.evidence.join(' · ')));
    list.append(item);
  }
  if (state.speech) {
    $('speech').textContent = `“${state.speech.text}” (${state.speech.style}, ` +
      `${state.speech.age.toFixed(0)} s ago)`;
  }
}

function showDiagnostics(state) {
  const body = $('diagnostics').tBodies[0];
  body.replaceChildren();
  for (const d of state.diagnostics) {
    const v = d.values;
    const notes = Object.entries(v).filter(([k, x]) => (k.startsWith('bad_') ||
      k.includes('drop')) && x !== '0').map(([k, x]) => `${k} ${x}`).join(', ');
    const row = el('tr', {class: d.level});
    [d.name.replace('resonance_robot: ', ''), d.level + (d.message === 'ok' ? '' :
      ': ' + d.message), v.rate_hz || '–', v.latency_p95_ms || '–', notes || '']
      .forEach((text) => row.append(el('td', {}, text)));
    body.append(row);
  }
}

function onState(state) {
  lastState = state;
  updates += 1;
  $('updates').dataset.count = String(updates);
  $('updates').textContent = `${updates} updates`;
  showFlags(state);
  showFaces(state);
  showPersons(state);
  drawCircumplex(state);
  drawTimeline(state);
  showTree(state);
  showDecisions(state);
  showDiagnostics(state);
}

function onMessage(event) {
  const message = JSON.parse(event.data);
  const privacy = lastState ? lastState.flags.privacy : false;
  if (message.type === 'state') onState(message);
  else if (message.type === 'camera') showImage('camera-img', message.jpeg, privacy, $('camera'));
  else if (message.type === 'face') showImage('face-img', message.jpeg, privacy, null);
}

function connect(delay) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/ws`);
  socket.onopen = () => {
    delay = 500;
    $('connection').textContent = 'live';
    $('connection').className = 'badge good';
  };
  socket.onmessage = onMessage;
  socket.onclose = () => {
    $('connection').textContent = 'reconnecting…';
    $('connection').className = 'badge bad';
    setTimeout(() => connect(Math.min(delay * 2, 4000)), delay);
  };
}

async function control(what, body) {
  const result = $('control-result');
  try {
    const response = await fetch(`/api/${what}`, {
      method: 'POST', body: JSON.stringify(body),
      headers: {'Content-Type': 'application/json',
                Authorization: 'Bearer ' + $('token').value.trim()},
    });
    const answer = await response.json();
    result.textContent = `${response.status}: ${answer.message}`;
    result.dataset.status = String(response.status);
  } catch (error) {
    result.textContent = `failed: ${error}`;
  }
}

function init() {
  const params = new URLSearchParams(location.search);
  if (params.has('token')) {
    $('token').value = params.get('token');
    history.replaceState(null, '', location.pathname);  // keep the token out of the history
  }
  $('privacy-on').onclick = () => control('privacy', {enabled: true});
  $('privacy-off').onclick = () => control('privacy', {enabled: false});
  $('estop-press').onclick = () => control('estop', {pressed: true});
  $('estop-release').onclick = () => control('estop', {pressed: false});
  connect(500);
}

document.addEventListener('DOMContentLoaded', init);
