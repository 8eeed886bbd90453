import { expect } from 'chai';
import { clampVolume, keyAction, nextRate } from '../../player/src/player/keyboard-map.js';

const press = (key: string, modifiers: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({ key, ctrlKey: false, altKey: false, metaKey: false, ...modifiers });

describe('player keyboard map', () => {
  it('maps the documented keys', () => {
    const cases: [string, unknown][] = [
      [' ', { type: 'togglePlay' }],
      ['k', { type: 'togglePlay' }],
      ['K', { type: 'togglePlay' }],
      ['f', { type: 'toggleFullscreen' }],
      ['m', { type: 'toggleMute' }],
      ['c', { type: 'toggleCaptions' }],
      ['ArrowLeft', { type: 'seekBy', seconds: -5 }],
      ['ArrowRight', { type: 'seekBy', seconds: 5 }],
      ['j', { type: 'seekBy', seconds: -10 }],
      ['l', { type: 'seekBy', seconds: 10 }],
      ['ArrowUp', { type: 'volumeBy', delta: 0.1 }],
      ['ArrowDown', { type: 'volumeBy', delta: -0.1 }],
      ['0', { type: 'seekToFraction', fraction: 0 }],
      ['7', { type: 'seekToFraction', fraction: 0.7 }],
      ['<', { type: 'rateStep', direction: -1 }],
      ['>', { type: 'rateStep', direction: 1 }],
      ['?', { type: 'help' }],
      ['x', null],
      ['Enter', null],
      ['Tab', null],
    ];
    for (const [key, action] of cases) expect(keyAction(press(key)), JSON.stringify(key)).to.deep.equal(action);
  });

  it('leaves modified presses to the browser', () => {
    expect(keyAction(press('f', { ctrlKey: true }))).to.equal(null);
    expect(keyAction(press('ArrowLeft', { altKey: true }))).to.equal(null);
    expect(keyAction(press('l', { metaKey: true }))).to.equal(null);
  });

  it('steps through the speeds and stops at both ends', () => {
    const rates = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
    expect(nextRate(rates, 1, 1)).to.equal(1.25);
    expect(nextRate(rates, 1, -1)).to.equal(0.75);
    expect(nextRate(rates, 2, 1)).to.equal(2);
    expect(nextRate(rates, 0.5, -1)).to.equal(0.5);
    expect(nextRate(rates, 1.1, 1)).to.equal(1.25);
    expect(nextRate(rates, 1.1, -1)).to.equal(1);
    expect(nextRate([], 1, 1)).to.equal(1);
  });

  it('keeps the volume in [0, 1] without float drift', () => {
    expect(clampVolume(0.1 + 0.2)).to.equal(0.3);
    expect(clampVolume(1.1)).to.equal(1);
    expect(clampVolume(-0.1)).to.equal(0);
  });
});
